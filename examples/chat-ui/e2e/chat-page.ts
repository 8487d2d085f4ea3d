import { writeFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

/** Where the docs' screenshots go (committed). */
export const screenshotDir = new URL(
  '../../../docs/screenshots/',
  import.meta.url,
).pathname;

/**
 * Whether this run rewrites the committed screenshots
 * (`JANUS_UPDATE_SCREENSHOTS=1`, `npm run screenshots -w @janus/example-chat-ui`).
 * Off by default so running the tests leaves the git tree clean.
 */
export const updateScreenshots = process.env.JANUS_UPDATE_SCREENSHOTS === '1';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * Screenshots the page in every run (the state must render); writes it to
 * `docs/screenshots/<name>.png` only when {@link updateScreenshots} is set.
 * Throws when the capture is not a PNG.
 */
export async function captureScreenshot(
  page: Page,
  options: { name: string; fullPage?: boolean },
): Promise<Buffer> {
  const image = await page.screenshot({ fullPage: options.fullPage });
  if (!image.subarray(0, 4).equals(pngSignature))
    throw new Error(`Screenshot ${options.name} is not a PNG`);
  if (updateScreenshots)
    await writeFile(`${screenshotDir}${options.name}.png`, image);
  return image;
}

/** The last assistant message on the page. */
export function lastAssistant(page: Page): Locator {
  return page.getByTestId('message-assistant').last();
}

/**
 * Opens the chat UI and waits until the history is loaded and the gateway
 * reports healthy; picks `competitor` when given.
 */
export async function openChat(
  page: Page,
  options: { url: string; competitor?: string },
) {
  await page.goto(options.url);
  await page.locator('[data-testid="chat-app"][data-ready="true"]').waitFor();
  await page
    .locator('[data-testid="status-line"][data-gateway="ok"]')
    .waitFor({ timeout: 30_000 });
  if (options.competitor)
    await page
      .getByTestId('competitor-picker')
      .selectOption(options.competitor);
}

/** Types a prompt and presses Enter. */
export async function sendPrompt(page: Page, text: string) {
  const input = page.getByTestId('chat-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Waits until the last answer is no longer streaming; returns its status. */
export async function waitForAnswer(
  page: Page,
  timeout = 60_000,
): Promise<string> {
  const answer = lastAssistant(page);
  await answer.waitFor();
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll(
        '[data-testid="message-assistant"]',
      );
      return all[all.length - 1]?.getAttribute('data-status') !== 'streaming';
    },
    undefined,
    { timeout },
  );
  return (await answer.getAttribute('data-status')) ?? '';
}

/**
 * How far the document reaches below the window, in px (0 when the app fits:
 * only the message list and the history scroll, never the page).
 */
export function documentOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (document.scrollingElement ?? document.documentElement).scrollHeight -
      window.innerHeight,
  );
}

/**
 * Records the page's `/api/chat` requests that the browser reports as failed
 * (`net::ERR_ABORTED` and the like); a finished answer must not be one.
 */
export function recordFailedChatRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', request => {
    if (new URL(request.url()).pathname === '/api/chat')
      failed.push(request.failure()?.errorText ?? 'failed');
  });
  return failed;
}
