import type { ChatCompletionRequest } from '@janus/protocol';
import { jsonFromSchema } from './json-from-schema';
import type { ScriptedReply } from './scripted-reply';

/**
 * Applies the request's `response_format` and `stop` to a planned reply, as
 * an OpenAI-compatible server would (`max_tokens` is applied while
 * streaming, see `scriptedChunks`). Only an answer in text is changed, not
 * one that calls tools:
 * - `json_object`: the content becomes `{"answer":"<content>"}`;
 * - `json_schema`: a value built from `json_schema.schema` by
 *   {@link jsonFromSchema}, strings filled with the content;
 * - `stop`: the content ends before the first occurrence of any stop
 *   sequence (not included), and no tool call follows it.
 */
export function applyRequestOptions(options: {
  request: ChatCompletionRequest;
  reply: Extract<ScriptedReply, { kind: 'answer' }>;
}): Extract<ScriptedReply, { kind: 'answer' }> {
  const { request } = options;
  let reply = options.reply;
  const format = request.response_format;
  if (
    reply.content !== undefined &&
    !reply.toolCalls?.length &&
    (format?.type === 'json_object' || format?.type === 'json_schema')
  ) {
    const value =
      format.type === 'json_object'
        ? { answer: reply.content }
        : jsonFromSchema({
            schema: (format.json_schema as { schema?: unknown } | undefined)
              ?.schema,
            text: reply.content,
          });
    reply = {
      ...reply,
      rule: `${reply.rule}, as ${format.type}`,
      content: JSON.stringify(value),
    };
  }
  const stops = [request.stop ?? []].flat().filter(stop => stop.length > 0);
  const at = Math.min(
    ...stops
      .map(stop => reply.content?.indexOf(stop) ?? -1)
      .filter(at => at >= 0),
  );
  if (Number.isFinite(at))
    reply = { ...reply, content: reply.content?.slice(0, at), toolCalls: [] };
  return reply;
}
