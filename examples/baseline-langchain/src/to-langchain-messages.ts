import type { ChatCompletionRequest } from '@janus/protocol';
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';

type RequestMessage = ChatCompletionRequest['messages'][number];

/**
 * Converts OpenAI chat messages to LangChain messages. User text, image
 * (`image_url`), audio (`input_audio`) and file parts (`file` with OpenAI's
 * `file_data` or `file_id`) pass through in the OpenAI block format, which
 * LangChain's `ChatOpenAI` sends upstream unchanged; a file part in the
 * original Janus shape (`name`/`content` only) becomes a note
 * `[attached <name>]`.
 *
 * @param messages The request's messages.
 * @returns LangChain messages, in order.
 */
export function toLangChainMessages(messages: RequestMessage[]): BaseMessage[] {
  return messages.map(message => {
    const raw = message as Record<string, unknown>;
    switch (message.role) {
      case 'system':
      case 'developer':
        return new SystemMessage(textOf(raw.content));
      case 'assistant': {
        const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls : [];
        return new AIMessage({
          content: textOf(raw.content),
          tool_calls: calls.map(call => ({
            id: call.id,
            name: call.function?.name ?? '',
            args: parseArguments(call.function?.arguments),
            type: 'tool_call' as const,
          })),
        });
      }
      case 'tool':
        return new ToolMessage({
          content: textOf(raw.content),
          tool_call_id: String(raw.tool_call_id ?? ''),
        });
      default:
        return new HumanMessage({ content: userContent(raw.content) });
    }
  });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map(part => (part?.type === 'text' ? String(part.text) : ''))
    .join('');
}

function userContent(content: unknown) {
  if (!Array.isArray(content))
    return typeof content === 'string' ? content : '';
  return content.map(part => {
    if (
      part?.type === 'text' ||
      part?.type === 'image_url' ||
      part?.type === 'input_audio' ||
      (part?.type === 'file' &&
        (part.file?.file_data !== undefined ||
          part.file?.file_id !== undefined))
    )
      return part;
    // The original Janus file shape (`name`, `mime_type`, `content`) has no
    // OpenAI equivalent the LLM would accept.
    const name = part?.file?.filename ?? part?.file?.name ?? part?.type;
    return { type: 'text', text: `[attached ${String(name)}]` };
  });
}

function parseArguments(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
