import type { Logger } from '../logger/logger';

/** @internal The cleanups of one request (`context.onCleanup`). */
export interface Cleanups {
  /** Registers a cleanup; after {@link Cleanups.run} it runs at once. */
  add(cleanup: () => unknown): void;
  /**
   * Runs the cleanups registered so far, last first, and resolves when
   * they, and every earlier run still going, have settled. Never rejects.
   */
  run(): Promise<void>;
}

/**
 * @internal Runs a request's cleanups once each, last registered first.
 * Runs are started by the abort (at once, without waiting for the handler)
 * and by the end of the answer; each is handed to `waitUntil`, so a
 * server's graceful `close()` waits for it (bounded) even when the
 * response is long gone. A failing cleanup is logged and does not stop the
 * others.
 */
export function createCleanups(options: {
  logger: Logger;
  requestId: string;
  waitUntil?: (promise: Promise<unknown>) => void;
}): Cleanups {
  const registered: Array<() => unknown> = [];
  let started = false;
  // Every run started so far; a second run (the end after the abort) must
  // not report "done" while the first is still terminating a sandbox.
  let settled: Promise<unknown> = Promise.resolve();

  const runOnce = async (cleanup: () => unknown) => {
    try {
      await cleanup();
    } catch (error) {
      options.logger.warn('cleanup failed', {
        requestId: options.requestId,
        error: String(error),
      });
    }
  };

  const run = (): Promise<void> => {
    started = true;
    const batch = registered.splice(0).reverse();
    if (batch.length > 0) {
      const done = (async () => {
        for (const cleanup of batch) await runOnce(cleanup);
      })();
      options.waitUntil?.(done);
      settled = Promise.all([settled, done]);
    }
    return settled.then(() => {});
  };

  return {
    add(cleanup) {
      registered.push(cleanup);
      // Registered after the abort or the end (e.g. a sandbox whose create
      // call returned late): nothing else would run it.
      if (started) void run();
    },
    run,
  };
}
