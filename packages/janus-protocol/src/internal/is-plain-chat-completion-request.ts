import type { ChatCompletionRequest } from '../schemas/chat-completion-request';
import { isPlainRecord } from './is-plain-record';

const instructionRoles = new Set<unknown>(['system', 'developer', 'user']);
const imageDetails = new Set<unknown>(['auto', 'low', 'high']);
const responseFormats = new Set<unknown>([
  'text',
  'json_object',
  'json_schema',
]);

/**
 * The validation fast path for `chatCompletionRequestSchema`: a hand-written
 * check of the common request shape (text and image messages, sampling
 * options; no tools, no tool calls, no file or audio parts). Like
 * `isPlainChatCompletionChunk`, it accepts a strict *subset* of what
 * the schema accepts, and the schema has no transforms or defaults, so a
 * value it accepts is exactly what `safeParse` would return (minus the
 * copy). Anything else returns `false` and goes through zod, which also
 * writes the error message.
 *
 * Why: on the gateway, zod took about 0.08 ms per request with the caches as
 * cold as they are at a few dozen requests a second, a sixth of what the
 * gateway did on a stream's way upstream (docs/benchmarks/janus-gateway-core.md).
 */
export function isPlainChatCompletionRequest(
  value: unknown,
): value is ChatCompletionRequest {
  if (!isPlainRecord(value)) return false;
  const { model, messages } = value;
  if (typeof model !== 'string' || model.length === 0) return false;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) if (!isPlainMessage(message)) return false;
  return (
    isNullishBoolean(value.stream) &&
    (value.stream_options == null ||
      (isPlainRecord(value.stream_options) &&
        isNullishBoolean(value.stream_options.include_usage))) &&
    isNullishNumberIn(value.temperature, 0, 2) &&
    isNullishNumberIn(value.top_p, 0, 1) &&
    isNullishPositiveInteger(value.max_tokens) &&
    isNullishPositiveInteger(value.max_completion_tokens) &&
    value.tools == null &&
    value.tool_choice == null &&
    isNullishBoolean(value.parallel_tool_calls) &&
    (value.response_format == null ||
      (isPlainRecord(value.response_format) &&
        responseFormats.has(value.response_format.type))) &&
    (value.stop == null ||
      typeof value.stop === 'string' ||
      (Array.isArray(value.stop) &&
        value.stop.every(item => typeof item === 'string'))) &&
    (value.seed == null || Number.isSafeInteger(value.seed)) &&
    isNullishPositiveInteger(value.n) &&
    isNullishString(value.user) &&
    (value.metadata == null || isPlainRecord(value.metadata)) &&
    (value.competitor_id == null ||
      (typeof value.competitor_id === 'string' &&
        value.competitor_id.length > 0))
  );
}

function isPlainMessage(message: unknown): boolean {
  if (!isPlainRecord(message)) return false;
  const { role, content } = message;
  if (message.name !== undefined && typeof message.name !== 'string')
    return false;
  if (instructionRoles.has(role)) return isPlainContent(content);
  if (role === 'assistant')
    return (
      (content == null || isPlainContent(content)) &&
      message.tool_calls === undefined &&
      message.artifacts === undefined &&
      isNullishString(message.reasoning_content)
    );
  if (role === 'tool')
    return isPlainContent(content) && typeof message.tool_call_id === 'string';
  return false;
}

/** A string, or text and image parts. */
function isPlainContent(content: unknown): boolean {
  if (typeof content === 'string') return true;
  if (!Array.isArray(content)) return false;
  for (const part of content) {
    if (!isPlainRecord(part)) return false;
    if (part.type === 'text') {
      if (typeof part.text !== 'string') return false;
    } else if (part.type === 'image_url') {
      const image = part.image_url;
      if (
        !isPlainRecord(image) ||
        typeof image.url !== 'string' ||
        image.url.length === 0 ||
        (image.detail !== undefined && !imageDetails.has(image.detail))
      )
        return false;
    } else return false;
  }
  return true;
}

function isNullishString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function isNullishBoolean(value: unknown): boolean {
  return value == null || typeof value === 'boolean';
}

function isNullishNumberIn(value: unknown, min: number, max: number): boolean {
  return (
    value == null || (typeof value === 'number' && value >= min && value <= max)
  );
}

function isNullishPositiveInteger(value: unknown): boolean {
  return (
    value == null || (Number.isSafeInteger(value) && (value as number) > 0)
  );
}
