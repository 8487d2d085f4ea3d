import { encodeSseError, UpstreamError } from '@janus/protocol';

const encoder = new TextEncoder();
const lf = 0x0a;
const cr = 0x0d;
/** The longest incomplete event held back; past it the bytes go on as they are. */
const maxHeldBytes = 64 * 1024;

/** Options of {@link endWithErrorEvent}. */
export interface EndWithErrorEventOptions {
  /** The gateway's SSE body. */
  body: ReadableStream<Uint8Array>;
  /** The browser's request signal: an abort is the browser leaving, not a failure. */
  signal: AbortSignal;
}

/**
 * Passes an SSE body through event by event and, when the gateway's
 * connection breaks mid-answer, ends it with one `data: {"error":…}` event
 * (`upstream_unavailable`) and a clean close instead of a cut connection
 * (STYLE.md 6.4): the browser then says that the gateway went away, not that
 * it could not reach the UI server. Complete events are sent as soon as they
 * arrive; only the incomplete tail of a read waits for its end (the browser
 * could not use it earlier anyway), so a half-sent event is dropped, not
 * glued to the error event. A cancel (the browser left) cancels the gateway's
 * body.
 *
 * @returns The body to send to the browser.
 */
export function endWithErrorEvent(
  options: EndWithErrorEventOptions,
): ReadableStream<Uint8Array> {
  const reader = options.body.getReader();
  let held = new Uint8Array(0);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Read until there is something to send: a pull that enqueues
        // nothing would leave the browser's read waiting forever.
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            if (held.length > 0) controller.enqueue(held);
            controller.close();
            return;
          }
          const data = held.length > 0 ? concat(held, value) : value;
          const end =
            data.length > maxHeldBytes ? data.length : afterLastEvent(data);
          held = data.slice(end);
          if (end > 0) {
            controller.enqueue(data.subarray(0, end));
            return;
          }
        }
      } catch (error) {
        if (options.signal.aborted) {
          controller.error(error);
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        controller.enqueue(
          encoder.encode(
            encodeSseError(
              new UpstreamError({
                message: `The connection to the gateway was lost mid-answer: ${message}`,
                cause: error,
              }),
            ),
          ),
        );
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** The index just after the last blank line (`\n\n` or `\r\n\r\n`), or 0. */
function afterLastEvent(data: Uint8Array): number {
  for (let index = data.length - 1; index > 0; index--) {
    if (data[index] !== lf) continue;
    if (data[index - 1] === lf) return index + 1;
    if (data[index - 1] === cr && index > 1 && data[index - 2] === lf)
      return index + 1;
  }
  return 0;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}
