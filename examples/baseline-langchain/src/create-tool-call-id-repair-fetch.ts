import { createToolCallIdRepair, safeParseJsonWith } from '@janus/protocol';
import { z } from 'zod/v4';
import { ToolCallRepairStream } from './tool-call-repair-stream';

/**
 * A `fetch` for `ChatOpenAI`'s `configuration.fetch` that gives tool calls
 * without an `id` one, so LangChain runs them (it files a streamed call
 * without an id under `invalid_tool_calls`, and refuses to send a
 * non-streamed one back to the LLM). Successful answers only; everything
 * else is the upstream's response as it came.
 *
 * - An SSE answer goes through {@link ToolCallRepairStream}: the repairs
 *   are `@janus/protocol`'s `createToolCallIdRepair` (a call's first
 *   fragment gets an id when it has none) and `createToolCallIndexRepair`
 *   (fragments without `index` get one, so LangChain can join them). Only
 *   the `data` lines of an event they changed are written anew; everything
 *   else (comments, `retry:`, `id:`, `event:`, line ends, blank lines,
 *   `[DONE]`, a payload that is not JSON, for the OpenAI client to fail on)
 *   is passed on as received, each line as soon as its event is complete.
 *   Bytes that are not UTF-8 come out as U+FFFD, as any SSE client would
 *   read them. An event over 8 MiB ends the body with an `SseParseError`.
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
  body: NonNullable<Response['body']>,
): ReadableStream<Uint8Array> {
  return (
    body
      // `ignoreBOM` keeps a leading BOM in the text, so it goes out again.
      .pipeThrough(new TextDecoderStream('utf-8', { ignoreBOM: true }))
      .pipeThrough(new ToolCallRepairStream())
      .pipeThrough(new TextEncoderStream())
  );
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
