import { readFile, writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import {
  captureScreenshot,
  lastAssistant,
  openChat,
  recordFailedChatRequests,
  sendPrompt,
  waitForAnswer,
} from './chat-page';
import { solidPng } from './solid-png';
import { type E2eStack, startE2eStack } from './start-e2e-stack';

// The browser suite against the real demo stack (docs/chat-ui.md#tests).
// Tests share one stack and one browser; each gets a fresh context (so a
// fresh localStorage) unless it says otherwise.

let stack: E2eStack;
let context: BrowserContext;
let page: Page;
const agent = 'baseline-agent-cli';
const langchain = 'baseline-langchain';

beforeAll(async () => {
  stack = await startE2eStack();
}, 150_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

beforeEach(async ({ onTestFailed }) => {
  onTestFailed(async () => {
    await page
      .screenshot({ path: '/tmp/chat-ui-e2e-failure.png' })
      .catch(() => {});
    await writeFile('/tmp/chat-ui-e2e-stack.log', stack.logs());
  });
  context = await stack.browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  page = await context.newPage();
});

// On failure: /tmp/chat-ui-e2e-failure.png and /tmp/chat-ui-e2e-stack.log.
afterEach(async () => {
  await context.close();
});

/** The history as the page saved it in localStorage. */
function storedHistory(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem('janus-chat-ui:v1') ?? '');
}

describe('chat UI against the demo stack', () => {
  it('should stream an answer incrementally and fold the reasoning panel after it', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    // Sample the answer's length on every animation frame while it streams.
    await page.evaluate(() => {
      const samples: number[] = [];
      (window as unknown as { samples: number[] }).samples = samples;
      const tick = () => {
        const answers = document.querySelectorAll(
          '[data-testid="message-assistant"]',
        );
        const last = answers[answers.length - 1];
        samples.push(
          last?.querySelector('[data-testid="assistant-content"]')?.textContent
            ?.length ?? 0,
        );
        if (last?.getAttribute('data-status') !== 'done' || samples.length < 3)
          requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await sendPrompt(page, 'Tell me a story. [[long 120]]');
    await expect
      .poll(
        async () =>
          (
            await lastAssistant(page)
              .getByTestId('assistant-content')
              .textContent()
          )?.length ?? 0,
      )
      .toBeGreaterThan(60);
    await captureScreenshot(page, { name: 'streaming' });
    expect(await waitForAnswer(page)).toBe('done');
    const samples = await page.evaluate(
      () => (window as unknown as { samples: number[] }).samples,
    );
    const distinct = new Set(samples.filter(length => length > 0));
    // Tokens arrived over many frames, not all at once at the end.
    expect(distinct.size).toBeGreaterThan(10);
    expect(samples.at(-1)).toBe(Math.max(...samples));

    const panel = lastAssistant(page).getByTestId('reasoning-panel');
    expect(await panel.getAttribute('data-state')).toBe('closed');
    await panel.getByTestId('reasoning-toggle').click();
    expect(await panel.getAttribute('data-state')).toBe('open');
    expect(await panel.textContent()).toMatch(/scripted model/i);
    expect(
      await lastAssistant(page).getByTestId('message-meta').textContent(),
    ).toMatch(/first token \d+ ms/);
  });

  it('should run a complex prompt in the sandbox and download the artifact it made', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    await sendPrompt(
      page,
      'Write a Python program that prints the squares of 1 to 10 and save its output to a file.',
    );
    const answer = lastAssistant(page);
    // The panel is open while the agent works and shows the Janus timeline.
    await answer
      .locator('[data-testid="timeline-event"][data-event="sandbox_start"]')
      .waitFor({ timeout: 60_000 });
    await captureScreenshot(page, { name: 'agent-running' });
    expect(await waitForAnswer(page, 120_000)).toBe('done');
    const cards = answer.getByTestId('artifact-card');
    await cards.first().waitFor();
    const names = await answer.getByTestId('artifact-name').allTextContents();
    expect(names.some(name => name.includes('output.txt'))).toBe(true);
    // Folded after the answer; open it to read the whole timeline.
    await answer.getByTestId('reasoning-toggle').click();
    const events = await answer
      .getByTestId('timeline-event')
      .evaluateAll(items => items.map(item => item.getAttribute('data-event')));
    expect(events).toContain('sandbox_end');
    expect(events).toContain('artifacts');

    const card = answer.locator('[data-testid="artifact-card"]', {
      hasText: 'output.txt',
    });
    const id = await card.getAttribute('data-artifact-id');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByTestId('artifact-download').click(),
    ]);
    const downloaded = await readFile((await download.path())!);
    const served = Buffer.from(
      await (
        await fetch(`${stack.stack.urls.gateway}/v1/artifacts/${id}`)
      ).arrayBuffer(),
    );
    expect(downloaded.equals(served)).toBe(true);
    expect(downloaded.toString('utf8')).toContain('100');
    await card.getByTestId('artifact-preview-toggle').click();
    expect(await card.getByTestId('artifact-preview').textContent()).toBe(
      served.toString('utf8'),
    );
    await captureScreenshot(page, { name: 'artifact', fullPage: true });
  });

  it('should preview an HTML artifact rendered in a sandboxed frame where its scripts do not run', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    await sendPrompt(
      page,
      "Run this command in the sandbox: `mkdir -p artifacts && printf '%s' '<h1>Rendered by Janus</h1><img src=missing alt=before onerror=this.alt+=1>' > artifacts/page.html`",
    );
    expect(await waitForAnswer(page, 120_000)).toBe('done');
    const card = lastAssistant(page).locator('[data-testid="artifact-card"]', {
      hasText: 'page.html',
    });
    await card.getByTestId('artifact-preview-toggle').click();
    const frame = card.frameLocator('[data-testid="artifact-preview"]');
    await expect
      .poll(() => frame.locator('h1').textContent())
      .toBe('Rendered by Janus');
    // The image failed to load; its onerror handler would have changed alt.
    expect(await frame.locator('img').getAttribute('alt')).toBe('before');
    expect(
      await card.getByTestId('artifact-preview').getAttribute('sandbox'),
    ).toBe('');
  });

  it('should send an attached image to the competitor as an image_url part', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    const before = stack.recorder.calls.length;
    await page.getByTestId('file-input').setInputFiles({
      name: 'red-square.png',
      mimeType: 'image/png',
      buffer: solidPng({ width: 24, height: 16, rgb: [220, 20, 30] }),
    });
    await page.getByTestId('attachment-chip').waitFor();
    await sendPrompt(page, 'What colour is this image?');
    expect(await waitForAnswer(page)).toBe('done');
    const text =
      (await lastAssistant(page)
        .getByTestId('assistant-content')
        .textContent()) ?? '';
    expect(text.toLowerCase()).toContain('red');
    expect(text).toContain('24');
    const sent = stack.recorder.calls
      .slice(before)
      .map(call => JSON.stringify(call.body));
    expect(
      sent.some(
        body =>
          body.includes('"image_url"') &&
          body.includes('data:image/png;base64,'),
      ),
    ).toBe(true);
    await captureScreenshot(page, { name: 'image-upload' });
  });

  it('should send a text file dropped anywhere on the page as a file part', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    const before = stack.recorder.calls.length;
    // Dropped on the message list, not the message box: the page takes it
    // (unhandled, Chromium would open the file and leave the app).
    const prevented = await page.getByTestId('message-list').evaluate(list => {
      const data = new DataTransfer();
      data.items.add(
        new File(['Shopping list for Janus\nmilk\nbread\n'], 'notes.txt', {
          type: 'text/plain',
        }),
      );
      const fire = (type: string) => {
        const event = new DragEvent(type, {
          dataTransfer: data,
          bubbles: true,
          cancelable: true,
        });
        list.dispatchEvent(event);
        return event.defaultPrevented;
      };
      return { dragover: fire('dragover'), drop: fire('drop') };
    });
    expect(prevented).toEqual({ dragover: true, drop: true });
    await page.getByTestId('attachment-chip').waitFor();
    await sendPrompt(page, 'What is in this file?');
    expect(await waitForAnswer(page)).toBe('done');
    const text =
      (await lastAssistant(page)
        .getByTestId('assistant-content')
        .textContent()) ?? '';
    expect(text).toContain('notes.txt');
    expect(text).toContain('Shopping list for Janus');
    const sent = stack.recorder.calls
      .slice(before)
      .map(call => JSON.stringify(call.body));
    expect(
      sent.some(
        body => body.includes('"type":"file"') && body.includes('notes.txt'),
      ),
    ).toBe(true);
  });

  it('should refuse an oversized attachment with a clear message', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    await page.getByTestId('file-input').setInputFiles({
      name: 'huge.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(3 * 1024 * 1024),
    });
    expect(await page.getByTestId('attachment-error').textContent()).toBe(
      '"huge.bin" is 3.0 MB; files can be at most 2.0 MB.',
    );
    expect(await page.getByTestId('attachment-chip').count()).toBe(0);
  });

  it('should stop mid-stream with Esc and abort the competitor end to end', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    const before = stack.recorder.calls.length;
    await sendPrompt(page, 'A very long answer please. [[long 3000]]');
    const content = lastAssistant(page).getByTestId('assistant-content');
    await expect
      .poll(async () => (await content.textContent())?.length ?? 0, {
        timeout: 30_000,
      })
      .toBeGreaterThan(40);
    await page.keyboard.press('Escape');
    expect(await waitForAnswer(page)).toBe('stopped');
    // The competitor's LLM call was cancelled, long before its 60 s of tokens.
    await expect
      .poll(
        () => stack.recorder.calls.slice(before).some(call => call.aborted),
        { timeout: 10_000 },
      )
      .toBe(true);
    const length = (await content.textContent())?.length ?? 0;
    await page.waitForTimeout(600);
    expect((await content.textContent())?.length).toBe(length);
    const metrics = await (
      await fetch(`${stack.stack.urls.gateway}/metrics`)
    ).text();
    expect(metrics).toMatch(
      new RegExp(
        `janus_gateway_streams_in_flight\\{competitor="${agent}"\\} 0`,
      ),
    );
    expect(await page.getByTestId('send-button').isVisible()).toBe(true);
  });

  it('should stream two conversations at once; Stop, Esc and the history search each touch only their own', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    const before = stack.recorder.calls.length;
    const streamed = (min: number) =>
      expect
        .poll(
          async () =>
            (
              await lastAssistant(page)
                .getByTestId('assistant-content')
                .textContent()
                .catch(() => '')
            )?.length ?? 0,
          { timeout: 30_000 },
        )
        .toBeGreaterThan(min);
    await sendPrompt(page, 'First long answer. [[long 3000]]');
    await streamed(20);
    // Esc in the search box clears it; Esc in the (empty) search box is the
    // history's, not the answer's.
    const search = page.getByTestId('conversation-search');
    await search.fill('first');
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await search.press('Escape');
    await page.waitForTimeout(300);
    expect(await lastAssistant(page).getAttribute('data-status')).toBe(
      'streaming',
    );

    // Another conversation can send while the first streams.
    await page.getByTestId('new-chat').click();
    expect(await page.getByTestId('send-button').isVisible()).toBe(true);
    await sendPrompt(page, 'Second long answer. [[long 3000]]');
    await streamed(20);
    await page.getByTestId('stop-button').click();
    expect(await waitForAnswer(page)).toBe('stopped');
    // Focus stays in the composer when Stop turns back into Send.
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute('data-testid'),
      ),
    ).toBe('chat-input');

    await page
      .getByTestId('conversation-title')
      .filter({ hasText: 'First long answer' })
      .click();
    expect(await lastAssistant(page).getAttribute('data-status')).toBe(
      'streaming',
    );
    await page.getByTestId('chat-input').press('Escape');
    expect(await waitForAnswer(page)).toBe('stopped');
    await expect
      .poll(
        () =>
          stack.recorder.calls.slice(before).filter(call => call.aborted)
            .length,
        { timeout: 10_000 },
      )
      .toBe(2);
  });

  it('should show an in-stream error as an error with retry, never as answer text', async () => {
    const failed = recordFailedChatRequests(page);
    await openChat(page, { url: stack.stack.urls.ui, competitor: langchain });
    await sendPrompt(page, 'Please fail halfway. [[error]]');
    expect(await waitForAnswer(page)).toBe('error');
    const answer = lastAssistant(page);
    const message =
      (await answer.getByTestId('message-error-text').textContent()) ?? '';
    expect(message.length).toBeGreaterThan(0);
    const content =
      (await answer.getByTestId('assistant-content').count()) > 0
        ? await answer.getByTestId('assistant-content').textContent()
        : '';
    expect(content).not.toContain(message);
    expect(await answer.getByTestId('retry-button').isVisible()).toBe(true);
    await captureScreenshot(page, { name: 'error' });
    // The error event ended the stream; the response itself still completed.
    expect(failed).toEqual([]);
  });

  it('should edit and resend, regenerate, and copy an answer', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const failed = recordFailedChatRequests(page);
    await openChat(page, { url: stack.stack.urls.ui, competitor: langchain });
    await sendPrompt(page, 'What is 12 * 7?');
    expect(await waitForAnswer(page)).toBe('done');
    expect(
      await lastAssistant(page).getByTestId('assistant-content').textContent(),
    ).toContain('84');

    await page.getByTestId('edit-button').click();
    await page.getByTestId('edit-input').fill('What is 6 * 7?');
    await page.getByTestId('edit-send').click();
    expect(await waitForAnswer(page)).toBe('done');
    expect(await page.getByTestId('message-user').count()).toBe(1);
    expect(await page.getByTestId('user-text').textContent()).toBe(
      'What is 6 * 7?',
    );
    const answer =
      (await lastAssistant(page)
        .getByTestId('assistant-content')
        .textContent()) ?? '';
    expect(answer).toContain('42');

    await lastAssistant(page).getByTestId('regenerate-button').click();
    expect(await waitForAnswer(page)).toBe('done');
    expect(await page.getByTestId('message-assistant').count()).toBe(1);
    // The scripted model is deterministic: the same request gives the same answer.
    expect(
      await lastAssistant(page).getByTestId('assistant-content').textContent(),
    ).toBe(answer);

    await lastAssistant(page)
      .locator('.message-actions [data-testid="copy-button"]')
      .click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      answer,
    );
    // Three finished answers: none of their requests was cut (net::ERR_ABORTED).
    expect(failed).toEqual([]);
  });

  it('should keep conversations across a reload, with rename, search and delete', async () => {
    await openChat(page, { url: stack.stack.urls.ui, competitor: langchain });
    await sendPrompt(page, 'What is the capital of France?');
    expect(await waitForAnswer(page)).toBe('done');
    await page.getByTestId('new-chat').click();
    await sendPrompt(page, 'What is the largest planet?');
    expect(await waitForAnswer(page)).toBe('done');
    // The history is saved throttled (and on pagehide); wait for the save.
    await expect.poll(() => storedHistory(page)).toContain('Jupiter');
    await page.reload();
    await page.locator('[data-testid="chat-app"][data-ready="true"]').waitFor();
    const titles = page.getByTestId('conversation-title');
    // The history list renders at low priority (useDeferredValue): poll it.
    await expect
      .poll(() => titles.allTextContents())
      .toEqual([
        'What is the largest planet?',
        'What is the capital of France?',
      ]);
    expect(
      await lastAssistant(page).getByTestId('assistant-content').textContent(),
    ).toContain('Jupiter');

    await titles.nth(1).click();
    expect(
      await lastAssistant(page).getByTestId('assistant-content').textContent(),
    ).toContain('Paris');
    await page.getByTestId('rename-conversation').nth(1).click();
    await page.getByTestId('rename-input').fill('Geography');
    await page.getByTestId('rename-input').press('Enter');
    await page.getByTestId('conversation-search').fill('geo');
    await expect.poll(() => titles.allTextContents()).toEqual(['Geography']);
    await page.getByTestId('conversation-search').fill('');
    await page.getByTestId('theme-toggle').click();
    await captureScreenshot(page, { name: 'history-dark' });
    await page.getByTestId('delete-conversation').first().click();
    // Asked once more in the row; Cancel keeps it.
    await page.getByTestId('cancel-delete').click();
    expect(await titles.count()).toBe(2);
    await page.getByTestId('delete-conversation').first().click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => titles.count()).toBe(1);
    await expect
      .poll(() => storedHistory(page))
      .not.toContain('largest planet');
    await page.reload();
    await page.locator('[data-testid="chat-app"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('conversation-title').count()).toBe(1);
  });

  it('should fit a phone screen', async () => {
    await context.close();
    context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    page = await context.newPage();
    await openChat(page, { url: stack.stack.urls.ui, competitor: langchain });
    await sendPrompt(page, 'Show me a table and some code. [[long 520]]');
    expect(await waitForAnswer(page)).toBe('done');
    // Closed, the history overlay is off screen and out of the tab order.
    expect(await page.getByTestId('sidebar').isVisible()).toBe(false);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const sidebarBox = await page.getByTestId('sidebar').boundingBox();
    expect((sidebarBox?.x ?? 0) + (sidebarBox?.width ?? 0)).toBeLessThanOrEqual(
      0,
    );
    await captureScreenshot(page, { name: 'mobile' });
    const inSidebar = () =>
      page.evaluate(
        () =>
          document.activeElement?.closest('[data-testid="sidebar"]') != null,
      );
    await page.getByTestId('sidebar-toggle').focus();
    for (let step = 0; step < 12; step++) {
      await page.keyboard.press('Tab');
      expect(await inSidebar()).toBe(false);
    }
    await page.getByTestId('sidebar-toggle').click();
    await expect
      .poll(async () => (await page.getByTestId('sidebar').boundingBox())?.x)
      .toBe(0);
    // Opening moves focus into the overlay; Esc closes it and gives focus back.
    expect(await inSidebar()).toBe(true);
    await captureScreenshot(page, { name: 'mobile-history' });
    // A modal dialog: the page behind it is inert.
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBe(
      'true',
    );
    expect(
      await page
        .getByRole('main', { includeHidden: true })
        .evaluate(main => (main as HTMLElement).inert),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('sidebar').isVisible())
      .toBe(false);
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute('data-testid'),
      ),
    ).toBe('sidebar-toggle');
  });
});
