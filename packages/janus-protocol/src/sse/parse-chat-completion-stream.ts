import type { AsyncIterableStream } from '../internal/async-iterable-stream';
import {
  type ChatCompletionChunk,
  chatCompletionChunkSchema,
} from '../schemas/chat-completion-chunk';
import { createChunkEnvelopeRepair } from './create-chunk-envelope-repair';
import { createToolCallIdRepair } from './create-tool-call-id-repair';
import { createToolCallIndexRepair } from './create-tool-call-index-repair';
import type { JsonEventStreamOptions } from './json-event-decoder';
import {
  parseJsonEventStream,
  type SseSource,
} from './parse-json-event-stream';
import type { SseStreamPart } from './sse-stream-part';

/** A decoded part of a chat completion stream. */
export type ChatStreamPart = SseStreamPart<ChatCompletionChunk>;

/**
 * Decodes a `POST /v1/chat/completions` SSE body into validated
 * `chat.completion.chunk` parts (plus `keep-alive`, `done`, `error` parts).
 * Tool-call fragments without `index` (several OpenAI-compatible servers
 * omit it) get one ({@link createToolCallIndexRepair}). With `lenient`,
 * chunks missing envelope fields (`id`, `object`, `created`, …) get them
 * too ({@link createChunkEnvelopeRepair}), and tool calls without `id` get
 * one ({@link createToolCallIdRepair}): for reading an upstream LLM.
 *
 * @example
 * ```ts
 * const response = await fetch(url, { method: 'POST', body, headers });
 * for await (const part of parseChatCompletionStream(response)) {
 *   if (part.type === 'data') process.stdout.write(part.value.choices[0]?.delta.content ?? '');
 *   if (part.type === 'error') throw part.error;
 * }
 * ```
 */
export function parseChatCompletionStream(
  source: SseSource,
  options: Omit<JsonEventStreamOptions<ChatCompletionChunk>, 'schema'> & {
    /** Skip schema validation (JSON parsing and error detection still happen). */
    validate?: boolean;
    /**
     * Accept what OpenAI-compatible servers send rather than hold them to
     * the contract: fill missing envelope fields and tool call ids before
     * validation. For reading an LLM; leave off to check a competitor.
     * Default `false`.
     */
    lenient?: boolean;
  } = {},
): AsyncIterableStream<ChatStreamPart> {
  const { validate = true, lenient = false, ...rest } = options;
  return parseJsonEventStream<ChatCompletionChunk>(source, {
    subject: 'chat completion chunk',
    repair: lenient ? lenientRepair() : createToolCallIndexRepair(),
    ...rest,
    schema: validate ? chatCompletionChunkSchema : undefined,
  });
}

function lenientRepair(): (chunk: unknown) => boolean {
  const envelope = createChunkEnvelopeRepair();
  const ids = createToolCallIdRepair();
  const indexes = createToolCallIndexRepair();
  return chunk => {
    // Envelope first (it fills a choice's `index`, which the others key
    // on), then ids: an index-less fragment that gets an id starts a call.
    const filled = envelope(chunk);
    const named = ids(chunk);
    return indexes(chunk) || named || filled;
  };
}
