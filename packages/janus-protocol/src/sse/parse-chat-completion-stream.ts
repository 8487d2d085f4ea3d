import type { AsyncIterableStream } from '../internal/async-iterable-stream';
import {
  type ChatCompletionChunk,
  chatCompletionChunkSchema,
} from '../schemas/chat-completion-chunk';
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
 * omit it) get one ({@link createToolCallIndexRepair}).
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
  } = {},
): AsyncIterableStream<ChatStreamPart> {
  const { validate = true, ...rest } = options;
  return parseJsonEventStream<ChatCompletionChunk>(source, {
    subject: 'chat completion chunk',
    repair: createToolCallIndexRepair(),
    ...rest,
    schema: validate ? chatCompletionChunkSchema : undefined,
  });
}
