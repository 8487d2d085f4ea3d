import { SseParseError } from '../errors/sse-parse-error';
import {
  type AsyncIterableStream,
  createAsyncIterableStream,
} from '../internal/async-iterable-stream';
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
  const decoder = new JsonEventDecoder<T>(options);
  if (body === null) {
    return createAsyncIterableStream(
      new ReadableStream<SseStreamPart<T>>({
        start(controller) {
          controller.enqueue({
            type: 'error',
            error: new SseParseError({
              kind: 'read_failed',
              message: 'The response has no body',
            }),
          });
          controller.close();
        },
      }),
    );
  }
  const reader = (body as ReadableStream<Uint8Array | string>).getReader();
  return createAsyncIterableStream(
    new ReadableStream<SseStreamPart<T>>(
      {
        async pull(controller) {
          let produced = 0;
          const emit = (part: SseStreamPart<T>) => {
            produced++;
            controller.enqueue(part);
          };
          // Read until at least one part came out: a pull that enqueues
          // nothing is not re-invoked by the stream machinery.
          while (produced === 0) {
            let result: ReadableStreamReadResult<Uint8Array | string>;
            try {
              result = await reader.read();
            } catch (cause) {
              decoder.fail(
                new SseParseError({
                  kind: 'read_failed',
                  message: `Reading the stream failed: ${describe(cause)}`,
                  cause,
                }),
                emit,
              );
              controller.close();
              return;
            }
            if (result.done) {
              decoder.end(emit);
              controller.close();
              return;
            }
            decoder.push(result.value, emit);
            if (decoder.isFinished) {
              // `[DONE]` or a fatal error: stop reading and release the source.
              controller.close();
              reader.cancel().catch(() => {});
              return;
            }
          }
        },
        async cancel(reason) {
          await reader.cancel(reason);
        },
      },
      // Parts are buffered by count; one part at a time keeps memory flat.
      { highWaterMark: 1 },
    ),
  );
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

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
