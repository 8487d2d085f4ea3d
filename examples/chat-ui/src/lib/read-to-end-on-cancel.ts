/** Options of {@link readToEndOnCancel}. */
export interface ReadToEndOnCancelOptions {
  /** The response body of `POST /api/chat`. */
  body: ReadableStream<Uint8Array>;
  /** The request's signal: after an abort, a cancel cuts the body at once. */
  signal: AbortSignal;
  /** @internal */
  _internal?: { maxDrainMs?: number };
}

/** How long a finished answer's body may take to end before it is cut after all. */
const defaultMaxDrainMs = 10_000;

/**
 * Passes a fetch body through, but turns a cancel that is not an abort into
 * reading the body to its end. The protocol's parser cancels its source as
 * soon as it sees `[DONE]` or an in-stream error event; the HTTP response
 * has usually not ended by then (its last bytes are still on the way), so
 * the cancel cut a finished answer's request, which the browser reported as
 * `net::ERR_ABORTED`, and closed its connection. Read to its end, the
 * response completes normally. A body that does not end within
 * `maxDrainMs` is cut after all; Stop (the signal) still cuts at once.
 *
 * @returns The body to parse.
 */
export function readToEndOnCancel(
  options: ReadToEndOnCancelOptions,
): ReadableStream<Uint8Array> {
  const reader = options.body.getReader();
  const maxDrainMs = options._internal?.maxDrainMs ?? defaultMaxDrainMs;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        if (options.signal.aborted) return reader.cancel(reason);
        const timer = setTimeout(
          () => void reader.cancel(reason).catch(() => {}),
          maxDrainMs,
        );
        try {
          while (!(await reader.read()).done);
        } catch {
          // Cut meanwhile (an abort, the timeout): nothing left to read.
        } finally {
          clearTimeout(timer);
        }
      },
    },
    // Nothing is read ahead: the parser pulls what it needs.
    { highWaterMark: 0 },
  );
}
