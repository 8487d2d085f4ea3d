import { writeFile } from 'node:fs/promises';
import type {
  BrowserContext,
  BrowserContextOptions,
  Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type E2eStack, startE2eStack } from './start-e2e-stack';

/** A desktop window. */
export const desktop: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  acceptDownloads: true,
};

/** A small phone (the narrowest width the UI is designed for). */
export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
};

/** The stack, and the browser context and page of the running test. */
export interface E2eSession {
  stack: E2eStack;
  context: BrowserContext;
  page: Page;
  /** Replaces the test's context (fresh localStorage) with one made with `options`. */
  openContext: (options: BrowserContextOptions) => Promise<Page>;
}

/**
 * Registers the hooks of an e2e file: one demo stack and one browser for the
 * file, a fresh desktop context per test (closed after it). On failure the
 * page goes to /tmp/chat-ui-e2e-failure.png and the stack's output to
 * /tmp/chat-ui-e2e-stack.log.
 */
export function setupE2eSession(): E2eSession {
  const session = {
    openContext: async (options: BrowserContextOptions) => {
      await session.context?.close();
      session.context = await session.stack.browser.newContext(options);
      session.page = await session.context.newPage();
      return session.page;
    },
  } as E2eSession;
  beforeAll(async () => {
    session.stack = await startE2eStack();
  }, 150_000);
  afterAll(async () => {
    await session.stack?.close();
  }, 60_000);
  beforeEach(async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await session.page
        .screenshot({ path: '/tmp/chat-ui-e2e-failure.png' })
        .catch(() => {});
      await writeFile('/tmp/chat-ui-e2e-stack.log', session.stack.logs());
    });
    await session.openContext(desktop);
  });
  afterEach(async () => {
    await session.context.close();
  });
  return session;
}
