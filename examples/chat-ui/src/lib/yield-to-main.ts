/**
 * Gives the browser a chance to paint and handle input. Uses
 * `scheduler.yield()` where available (Chromium 129+), else a macrotask.
 * Awaiting a resolved promise is not enough: microtasks never yield.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (
    globalThis as { scheduler?: { yield?: () => Promise<void> } }
  ).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise(resolve => setTimeout(resolve, 0));
}
