import {
  createToolCallIdRepair,
  createToolCallIndexRepair,
  encodeSseComment,
  encodeSseEvent,
  JsonEventStreamTransform,
  SSE_DONE,
  SseParseError,
  type SseStreamPart,
  safeParseJsonWith,
} from '@janus/protocol';
import { z } from 'zod/v4';

/**
 * A `fetch` for `ChatOpenAI`'s `configuration.fetch` that gives tool calls
 * without an `id` one, so LangChain runs them (it files a streamed call
 * without an id under `invalid_tool_calls`, and refuses to send a
 * non-streamed one back to the LLM). Successful answers only; everything
 * else is the upstream's response as it came.
 *
 * - An SSE answer is decoded with `@janus/protocol`'s
 *   `JsonEventStreamTransform` and written out again: an event the repairs
 *   left alone keeps its data text as received (`raw`), event name and id;
 *   comments and `[DONE]` are kept; a repaired event is the repaired JSON.
 *   The repairs are `@janus/protocol`'s `createToolCallIdRepair` (a call's
 *   first fragment gets an id when it has none) and
 *   `createToolCallIndexRepair` (fragments without `index` get one, so
 *   LangChain can join them). A payload that is not JSON is passed on for
 *   the OpenAI client to fail on, as it would have; an event over 8 MiB
 *   ends the body with an `SseParseError`.
 * - A JSON answer's tool calls without an id get one (the same
 *   `createToolCallIdRepair`); an answer that needed no repair, or is not
 *   JSON, keeps its text as received.
 *
 * @param options.fetch The `fetch` to wrap (default: the global one).
 * @returns The wrapping `fetch`.
 */
export function createToolCallIdRepairFetch(
  options: { fetch?: typeof fetch } = {},
): typeof fetch {
  const upstream = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const response = await upstream(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || response.body === null) return response;
    if (type.includes('text/event-stream'))
      return withBody(response, repairStream(response.body));
    if (type.includes('json'))
      return withBody(response, repairJson(await response.text()));
    return response;
  };
}

function repairStream(
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const ids = createToolCallIdRepair();
  const indexes = createToolCallIndexRepair();
  return body
    .pipeThrough(
      new JsonEventStreamTransform({
        raw: true,
        keepAlives: true,
        requireDone: false,
        // `{"error":…}` events are data to forward, for the OpenAI client to raise.
        detectErrorEvents: false,
        repair: value => {
          // Ids first: a fragment without index that gets an id starts a new call.
          const named = ids(value);
          return indexes(value) || named;
        },
      }),
    )
    .pipeThrough(
      new TransformStream<SseStreamPart<unknown>, string>({
        transform(part, controller) {
          if (part.type === 'data') {
            const data = part.raw ?? JSON.stringify(part.value);
            controller.enqueue(
              encodeSseEvent({ data, event: part.event, id: part.id }),
            );
          } else if (part.type === 'keep-alive') {
            controller.enqueue(encodeSseComment(part.comment));
          } else if (part.type === 'done') {
            controller.enqueue(SSE_DONE);
          } else if (
            SseParseError.isInstance(part.error) &&
            part.error.kind === 'invalid_json' &&
            part.error.line !== undefined
          ) {
            // Passed on (its first 200 characters: still not JSON) for the
            // OpenAI client to report as it would have.
            controller.enqueue(encodeSseEvent({ data: part.error.line }));
          } else {
            // An event over 8 MiB: decoding stopped.
            controller.error(part.error);
          }
        },
      }),
    )
    .pipeThrough(new TextEncoderStream());
}

function repairJson(text: string): string {
  const parsed = safeParseJsonWith({ text, schema: z.unknown() });
  if (!parsed.success) return text;
  return createToolCallIdRepair()(parsed.value)
    ? JSON.stringify(parsed.value)
    : text;
}

/** `response` with another body; its length (if it said one) no longer holds. */
function withBody(
  response: Response,
  body: ReadableStream<Uint8Array> | string,
): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
