import { TimeoutError } from '@janus/protocol';

/** The signals combined (`AbortSignal.any`), skipping absent ones. */
export function anySignal(
  signals: Array<AbortSignal | undefined>,
): AbortSignal | undefined {
  const present = signals.filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

/**
 * Waits for the next stream part, failing on idle timeout or abort (some
 * fetch implementations do not error a body whose request was aborted).
 */
export async function nextWithin<T>(options: {
  promise: Promise<T>;
  idleMs: number;
  signal: AbortSignal | undefined;
}): Promise<T> {
  const { signal, idleMs } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError({ phase: 'idle', timeoutMs: idleMs })),
      idleMs,
    );
    onAbort = () => reject(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([options.promise, interrupted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
