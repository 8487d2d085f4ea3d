/** How fast the scripted model emits pieces. */
export interface ScriptedPace {
  /** Pieces per second, evenly spaced; `0` (default) is as fast as possible. */
  tokensPerSecond?: number;
  /** Delay before the first reasoning/content piece, in ms (default 0). */
  firstTokenDelayMs?: number;
}

/**
 * Schedules pieces against absolute times (first-token delay, then one piece
 * every `1000 / tokensPerSecond` ms), so timer jitter does not accumulate.
 * `next()` rejects with the abort reason as soon as `signal` aborts, and
 * clears its timer.
 */
export function createPacer(options: {
  pace: ScriptedPace;
  signal: AbortSignal;
}): { next(): Promise<void> } {
  const { tokensPerSecond = 0, firstTokenDelayMs = 0 } = options.pace;
  const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  const start = performance.now();
  let index = 0;
  return {
    next() {
      options.signal.throwIfAborted();
      const due = start + firstTokenDelayMs + index * interval;
      index++;
      const wait = due - performance.now();
      if (wait <= 0) return Promise.resolve();
      return sleep(wait, options.signal);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
