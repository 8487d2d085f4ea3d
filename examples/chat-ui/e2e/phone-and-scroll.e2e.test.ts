import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chunk, sseText } from '../test/sse-parts';
import {
  documentOverflow,
  lastAssistant,
  openChat,
  sendPrompt,
  waitForAnswer,
} from './chat-page';
import { phone, setupE2eSession } from './e2e-session';
import { solidPng } from './solid-png';

// Layout on a small phone, the phone history's Esc, and how the message list
// follows a streaming answer (docs/chat-ui.md#tests).

const session = setupE2eSession();
const agent = 'baseline-agent-cli';
const langchain = 'baseline-langchain';

/** Where focus is, by test id. */
function focused(page: Page) {
  return page.evaluate(() =>
    document.activeElement?.getAttribute('data-testid'),
  );
}

/** The message list's scroll state; `gap` is the distance to the bottom. */
function scrollState(page: Page) {
  return page.getByTestId('message-list').evaluate(list => ({
    top: list.scrollTop,
    gap: list.scrollHeight - list.scrollTop - list.clientHeight,
  }));
}

/** The visible text length of the last answer. */
async function answerLength(page: Page) {
  return (
    (await lastAssistant(page)
      .getByTestId('assistant-content')
      .textContent()
      .catch(() => '')) ?? ''
  ).length;
}

describe('chat UI on a phone and in long conversations', () => {
  it('should close the phone history on Esc without stopping the answer; the next Esc in the composer stops it', async () => {
    const { stack } = session;
    const page = await session.openContext(phone);
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    const before = stack.recorder.calls.length;
    await sendPrompt(page, 'A long answer on a phone. [[long 3000]]');
    await expect
      .poll(() => answerLength(page), { timeout: 30_000 })
      .toBeGreaterThan(20);
    // Keyboard only: open the overlay from its toggle.
    await page.getByTestId('sidebar-toggle').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await page.getByTestId('sidebar').boundingBox())?.x)
      .toBe(0);
    expect(
      await page.evaluate(
        () =>
          document.activeElement?.closest('[data-testid="sidebar"]') != null,
      ),
    ).toBe(true);

    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('sidebar').isVisible())
      .toBe(false);
    expect(await focused(page)).toBe('sidebar-toggle');
    // The answer goes on streaming, and its LLM call was not cancelled.
    const closedAt = await answerLength(page);
    await expect.poll(() => answerLength(page)).toBeGreaterThan(closedAt);
    expect(await lastAssistant(page).getAttribute('data-status')).toBe(
      'streaming',
    );
    expect(stack.recorder.calls.slice(before).some(call => call.aborted)).toBe(
      false,
    );

    await page.getByTestId('chat-input').focus();
    await page.keyboard.press('Escape');
    expect(await waitForAnswer(page)).toBe('stopped');
    await expect
      .poll(
        () => stack.recorder.calls.slice(before).some(call => call.aborted),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await focused(page)).toBe('chat-input');
  });

  it('should keep every control and long content inside a 360 px screen', async () => {
    const page = await session.openContext(phone);
    const word = 'internationalization';
    const markdown = [
      `A long word: ${'a'.repeat(300)}`,
      `A long link: https://example.com/${'segment/'.repeat(30)}`,
      `Inline code: \`${'x'.repeat(200)}\``,
      `\`\`\`js\nconst line = '${'y'.repeat(400)}';\n\`\`\``,
      `| ${Array(6).fill('column').join(' | ')} |\n|${' --- |'.repeat(6)}\n| ${Array(6).fill(word).join(' | ')} |`,
      '- one\n  - two\n    - three\n      - four\n        - five',
    ].join('\n\n');
    // The answer comes from the UI's own route, answered by the page: the
    // scripted model cannot write arbitrary markdown.
    await page.route('**/api/chat', route =>
      route.fulfill({
        headers: { 'content-type': 'text/event-stream' },
        body: sseText({
          chunks: [chunk({ content: markdown })],
        }),
      }),
    );
    await openChat(page, { url: session.stack.stack.urls.ui });
    const width = 360;
    // The top bar: the theme toggle is on screen, not pushed out by the picker.
    const toggle = await page.getByTestId('theme-toggle').boundingBox();
    expect((toggle?.x ?? 0) + (toggle?.width ?? 0)).toBeLessThanOrEqual(width);
    expect(
      await page
        .locator('.topbar')
        .evaluate(bar => bar.scrollWidth - bar.clientWidth),
    ).toBe(0);

    // An attachment with a long name: its chip, and the chip's remove button, stay on screen.
    await page.getByTestId('file-input').setInputFiles({
      name: `quarterly-report-${'x'.repeat(100)}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from('numbers\n'),
    });
    const chip = page.getByTestId('attachment-chip');
    const chipBox = await chip.boundingBox();
    expect((chipBox?.x ?? 0) + (chipBox?.width ?? 0)).toBeLessThanOrEqual(
      width,
    );
    const remove = await chip.getByRole('button').boundingBox();
    expect((remove?.x ?? 0) + (remove?.width ?? 0)).toBeLessThanOrEqual(width);
    // Two images of different heights and a short file, on one line once sent.
    await page.getByTestId('file-input').setInputFiles([
      {
        name: 'dot.png',
        mimeType: 'image/png',
        buffer: solidPng({ width: 24, height: 16, rgb: [220, 20, 30] }),
      },
      {
        name: 'banner.png',
        mimeType: 'image/png',
        buffer: solidPng({ width: 120, height: 80, rgb: [20, 20, 220] }),
      },
      { name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from('a\n') },
    ]);
    await expect.poll(() => chip.count()).toBe(4);

    await sendPrompt(page, `Check ${'u'.repeat(200)}`);
    expect(await waitForAnswer(page)).toBe('done');
    // The app fits the screen: only the message list scrolls, not the page
    // (the conversation is longer than the screen by now).
    expect(await documentOverflow(page)).toBeLessThanOrEqual(0);
    // Sent thumbnails keep their shape next to a taller one, and a file
    // beside them stays a one-line chip (not stretched to the row's height).
    const sent = page.getByTestId('message-user');
    const distortions = await sent
      .locator('.attachment-thumb')
      .evaluateAll(images =>
        Promise.all(
          images.map(async element => {
            const image = element as HTMLImageElement;
            await image.decode();
            return Math.abs(
              image.clientWidth / image.clientHeight -
                image.naturalWidth / image.naturalHeight,
            );
          }),
        ),
      );
    expect(distortions).toHaveLength(2);
    for (const distortion of distortions) expect(distortion).toBeLessThan(0.05);
    const listChip = await sent
      .getByTestId('attachment-chip')
      .filter({ hasText: 'list.txt' })
      .boundingBox();
    expect(listChip?.height).toBeLessThan(30);
    // Nothing sticks out of the message list, except inside the boxes that
    // scroll sideways themselves (code, tables, display math).
    const outside = await page.getByTestId('message-list').evaluate(list => {
      const right = list.getBoundingClientRect().right;
      return [...list.querySelectorAll('*')]
        .filter(
          element =>
            element.getBoundingClientRect().right > right + 0.5 &&
            element.parentElement?.closest('pre, table, .katex-display') ==
              null,
        )
        .map(element => `${element.tagName}.${element.className}`);
    });
    expect(outside).toEqual([]);
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      ),
    ).toBeLessThanOrEqual(0);
    // A wide table scrolls sideways instead of breaking its words mid-word.
    const table = page.locator('.markdown table');
    expect(
      await table.evaluate(
        element => element.scrollWidth > element.clientWidth,
      ),
    ).toBe(true);
    const linesPerCell = await table.locator('td').evaluateAll(cells =>
      cells.map(cell => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getClientRects().length;
      }),
    );
    expect(linesPerCell).toEqual(Array(6).fill(1));
  });

  it("should wrap long words in the agent's timeline on a phone", async () => {
    const page = await session.openContext(phone);
    await openChat(page, {
      url: session.stack.stack.urls.ui,
      competitor: agent,
    });
    await sendPrompt(
      page,
      `Run this command in the sandbox: \`echo ${'z'.repeat(150)}\``,
    );
    expect(await waitForAnswer(page, 120_000)).toBe('done');
    await lastAssistant(page).getByTestId('reasoning-toggle').click();
    const body = lastAssistant(page).locator('.reasoning-body');
    expect(await body.textContent()).toContain('z'.repeat(150));
    // The timeline wraps instead of scrolling sideways (text cut at the edge).
    expect(
      await body.evaluate(element => element.scrollWidth - element.clientWidth),
    ).toBe(0);
  });

  it('should let the reader scroll up in small steps while an answer streams, and follow it again from the bottom', async () => {
    const { page, stack } = session;
    await openChat(page, { url: stack.stack.urls.ui, competitor: agent });
    await sendPrompt(page, 'A long answer to scroll. [[long 3000]]');
    await page.getByTestId('message-list').evaluate(
      list =>
        new Promise<void>(resolve => {
          const check = () =>
            list.scrollHeight > list.clientHeight + 600
              ? resolve()
              : setTimeout(check, 50);
          check();
        }),
    );
    expect((await scrollState(page)).gap).toBeLessThanOrEqual(2);
    // A trackpad: many small wheel steps, while frames of text keep arriving.
    await page.mouse.move(640, 400);
    for (let step = 0; step < 30; step++) {
      await page.mouse.wheel(0, -10);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(300);
    const reading = await scrollState(page);
    expect(reading.gap).toBeGreaterThan(100);
    // The text stays where the reader put it while the answer grows.
    const grownFrom = await answerLength(page);
    await expect.poll(() => answerLength(page)).toBeGreaterThan(grownFrom + 50);
    expect((await scrollState(page)).top).toBe(reading.top);

    // Back at the bottom, the list follows the answer again.
    await page.mouse.wheel(0, 100_000);
    await expect
      .poll(async () => (await scrollState(page)).gap)
      .toBeLessThanOrEqual(2);
    const from = await answerLength(page);
    await expect.poll(() => answerLength(page)).toBeGreaterThan(from + 50);
    expect((await scrollState(page)).gap).toBeLessThanOrEqual(2);
    await page.keyboard.press('Escape');
    expect(await waitForAnswer(page)).toBe('stopped');
  });

  it('should open a long conversation at its end', async () => {
    const { page, stack } = session;
    await openChat(page, { url: stack.stack.urls.ui, competitor: langchain });
    await sendPrompt(page, 'A very long answer. [[long 4000]]');
    expect(await waitForAnswer(page)).toBe('done');
    await page.getByTestId('new-chat').click();
    await sendPrompt(page, 'What is 2 + 2?');
    expect(await waitForAnswer(page)).toBe('done');
    await page
      .getByTestId('conversation-title')
      .filter({ hasText: 'A very long answer' })
      .click();
    await page.waitForTimeout(500);
    expect((await scrollState(page)).gap).toBeLessThanOrEqual(2);
    // The end of the answer is on screen.
    const meta = await lastAssistant(page).getByTestId('message-meta');
    expect(await meta.isVisible()).toBe(true);
    const metaBox = await meta.boundingBox();
    const listBox = await page.getByTestId('message-list').boundingBox();
    expect(metaBox!.y + metaBox!.height).toBeLessThanOrEqual(
      listBox!.y + listBox!.height,
    );
    // Only the list scrolls: the page itself stays the window's height (the
    // Copy buttons' hidden live regions once stretched it far below).
    expect(await documentOverflow(page)).toBeLessThanOrEqual(0);
  });
});
