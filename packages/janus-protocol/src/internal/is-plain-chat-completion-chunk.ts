import {
  type ChatCompletionChunk,
  finishReasonSchema,
} from '../schemas/chat-completion-chunk';
import { isPlainRecord } from './is-plain-record';

const roles = new Set<unknown>([
  'assistant',
  'system',
  'user',
  'tool',
  'developer',
]);
const finishReasons = new Set<unknown>(finishReasonSchema.options);

/**
 * The decoder's validation fast path for `chatCompletionChunkSchema`: a
 * hand-written check of the common chunk shape (content/reasoning/refusal
 * deltas, no tool calls, no Janus event, no usage). It accepts a strict
 * *subset* of what the schema accepts, and the schema has no transforms or
 * defaults, so a value it accepts is exactly what `safeParse` would return
 * (minus the copy). Anything else returns `false` and goes through zod, which
 * also produces the error message. Keeps decode+validate within reach of raw
 * `JSON.parse` throughput (see docs/benchmarks/janus-protocol.md).
 */
export function isPlainChatCompletionChunk(
  value: unknown,
): value is ChatCompletionChunk {
  if (!isPlainRecord(value)) return false;
  if (
    typeof value.id !== 'string' ||
    value.object !== 'chat.completion.chunk' ||
    !Number.isFinite(value.created) ||
    typeof value.model !== 'string' ||
    value.usage != null ||
    !isNullishString(value.system_fingerprint)
  )
    return false;
  const choices = value.choices;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isPlainRecord(choice)) return false;
    const index = choice.index;
    if (!Number.isSafeInteger(index) || (index as number) < 0) return false;
    if (
      choice.finish_reason != null &&
      !finishReasons.has(choice.finish_reason)
    )
      return false;
    const delta = choice.delta;
    if (
      !isPlainRecord(delta) ||
      (delta.role != null && !roles.has(delta.role)) ||
      !isNullishString(delta.content) ||
      !isNullishString(delta.reasoning_content) ||
      !isNullishString(delta.reasoning) ||
      !isNullishString(delta.refusal) ||
      delta.tool_calls != null ||
      delta.janus != null
    )
      return false;
  }
  return true;
}

function isNullishString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}
