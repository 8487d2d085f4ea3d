import type { ChatCompletionRequest } from '@janus/protocol';

/**
 * The text of the last user message: its string content, or its text parts
 * joined by newlines (images and files left out). This is what
 * `classifyRequest` reads, and the task to hand an agent.
 *
 * @param request The chat request (only `messages` is read).
 * @returns The text (`''` for a message without text), or `undefined` when
 *   no message has the role `user`.
 * @example
 * ```ts
 * const prompt = lastUserText(request) ?? '';
 * await runAgent({ sandbox, stream, agent: 'builtin', prompt });
 * ```
 */
export function lastUserText(
  request: Pick<ChatCompletionRequest, 'messages'>,
): string | undefined {
  const last = [...request.messages]
    .reverse()
    .find(message => message.role === 'user');
  if (!last) return undefined;
  const { content } = last;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap(part => (part.type === 'text' ? [part.text] : []))
    .join('\n');
}
