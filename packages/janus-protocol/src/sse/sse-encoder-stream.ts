import {
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  SSE_DONE,
  SSE_HEADERS,
} from './encode-sse';
import type { SseStreamPart } from './sse-stream-part';

/** What {@link SseEncoderStream} accepts: the same parts the decoder emits. */
export type SseEncoderInput<T = unknown> =
  | { type: 'data'; value: T }
  | { type: 'keep-alive'; comment?: string }
  | { type: 'error'; error: unknown }
  | { type: 'done' };

/**
 * Encodes stream parts as SSE text; pipe through `TextEncoderStream` for
 * bytes. Ends with `data: [DONE]` exactly once: on a `done` part, or on
 * flush if none came (STYLE.md 7.2). Input after `done` is dropped.
 *
 * @example
 * ```ts
 * parts.pipeThrough(new SseEncoderStream()).pipeThrough(new TextEncoderStream());
 * ```
 */
export class SseEncoderStream<T = unknown> extends TransformStream<
  SseEncoderInput<T> | SseStreamPart<T>,
  string
> {
  /**
   * @param options.appendDone Write `data: [DONE]` on flush when no `done`
   *   part came (default `true`); `false` for streams that end otherwise.
   */
  constructor(options: { appendDone?: boolean } = {}) {
    let done = false;
    super({
      transform(part, controller) {
        if (done) return;
        switch (part.type) {
          case 'data':
            controller.enqueue(encodeSseData(part.value));
            break;
          case 'keep-alive':
            controller.enqueue(encodeSseComment(part.comment ?? 'ping'));
            break;
          case 'error':
            controller.enqueue(encodeSseError(part.error));
            break;
          case 'done':
            done = true;
            controller.enqueue(SSE_DONE);
            break;
        }
      },
      flush(controller) {
        if (!done && options.appendDone !== false) controller.enqueue(SSE_DONE);
      },
    });
  }
}

/**
 * Wraps an SSE stream (text, bytes, or a mix) in a `Response` with
 * {@link SSE_HEADERS}.
 *
 * @param stream SSE text or bytes, e.g. from {@link SseEncoderStream}.
 * @param init `status` (default 200) and extra `headers`; the SSE headers
 *   always win.
 * @returns A streaming `Response`, ready to return from a Fetch handler.
 */
export function createSseResponse(
  stream: ReadableStream<string | Uint8Array>,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(SSE_HEADERS))
    headers.set(name, value);
  const encoder = new TextEncoder();
  const body = stream.pipeThrough(
    new TransformStream<string | Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(
          typeof chunk === 'string' ? encoder.encode(chunk) : chunk,
        );
      },
    }),
  );
  return new Response(body, { status: init.status ?? 200, headers });
}
