import type { AsyncIterableStream } from '../internal/async-iterable-stream';
import { createPartStream } from './create-part-stream';
import {
  JsonEventDecoder,
  type JsonEventStreamOptions,
} from './json-event-decoder';
import type { SseStreamPart } from './sse-stream-part';

/** Something that carries an SSE body. */
export type SseSource =
  | Response
  | ReadableStream<Uint8Array>
  | ReadableStream<string>;

/**
 * Decodes an SSE body of JSON events into typed parts.
 *
 * Pull-based: nothing is read from the source until the consumer asks, so a
 * slow consumer slows the producer (backpressure) instead of growing a buffer.
 * Cancelling the result (or `break` in `for await`) cancels the source, which
 * aborts an upstream `fetch`. A failing source becomes a final `error` part
 * (`read_failed`), never a rejected read.
 *
 * @example
 * ```ts
 * for await (const part of parseJsonEventStream(response, { schema: agentEventSchema })) {
 *   if (part.type === 'data') console.log(part.value);
 * }
 * ```
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function parseJsonEventStream<T = unknown>(
  source: SseSource,
  options: JsonEventStreamOptions<T> = {},
): AsyncIterableStream<SseStreamPart<T>> {
  const body = isResponse(source) ? source.body : source;
  return createPartStream<T>({
    reader:
      body === null
        ? undefined
        : (body as ReadableStream<Uint8Array | string>).getReader(),
    decoder: new JsonEventDecoder<T>(options),
  });
}

/**
 * The same decoder as a `TransformStream`, for `pipeThrough` pipelines:
 * `response.body.pipeThrough(new JsonEventStreamTransform({ schema }))`.
 * A failing source errors the pipeline as usual for transforms; use
 * {@link parseJsonEventStream} to get that as an `error` part instead.
 */
export class JsonEventStreamTransform<T = unknown> extends TransformStream<
  Uint8Array | string,
  SseStreamPart<T>
> {
  constructor(options: JsonEventStreamOptions<T> = {}) {
    const decoder = new JsonEventDecoder<T>(options);
    super({
      transform(chunk, controller) {
        decoder.push(chunk, part => controller.enqueue(part));
      },
      flush(controller) {
        decoder.end(part => controller.enqueue(part));
      },
    });
  }
}

function isResponse(source: SseSource): source is Response {
  // Duck-typed: a Response from another realm (undici, edge runtime) fails instanceof.
  return (
    !(source instanceof ReadableStream) &&
    'body' in source &&
    'headers' in source
  );
}
