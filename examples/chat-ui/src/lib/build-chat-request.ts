import type { ContentPart } from '@janus/protocol';
import type { ChatMessageItem } from './chat-types';

/** The body the UI sends to `POST /v1/chat/completions`. */
export interface ChatRequestBody {
  model: string;
  messages: Array<{
    role: 'user' | 'assistant';
    content: string | ContentPart[];
  }>;
  stream: true;
  stream_options: { include_usage: true };
}

/**
 * Turns a conversation into an OpenAI chat request for one competitor. User
 * attachments become `image_url` / `file` content parts; assistant answers
 * that failed (or have no text) are left out, so an error never goes back to
 * the model as if it had said it.
 *
 * @param options.messages - The conversation up to the new user message.
 * @param options.competitorId - Sent as `model` (the gateway routes by it).
 */
export function buildChatRequest(options: {
  messages: ChatMessageItem[];
  competitorId: string;
}): ChatRequestBody {
  const messages: ChatRequestBody['messages'] = [];
  for (const message of options.messages) {
    if (message.role === 'assistant') {
      if (message.status === 'error' || message.content === '') continue;
      messages.push({ role: 'assistant', content: message.content });
      continue;
    }
    const withData = message.attachments.filter(item => item.dataUrl !== '');
    if (withData.length === 0) {
      messages.push({ role: 'user', content: message.text });
      continue;
    }
    const parts: ContentPart[] = [];
    if (message.text !== '') parts.push({ type: 'text', text: message.text });
    for (const attachment of withData) {
      parts.push(
        attachment.kind === 'image'
          ? { type: 'image_url', image_url: { url: attachment.dataUrl } }
          : {
              type: 'file',
              file: {
                filename: attachment.name,
                file_data: attachment.dataUrl,
              },
            },
      );
    }
    messages.push({ role: 'user', content: parts });
  }
  return {
    model: options.competitorId,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  };
}

/**
 * Names of attachments whose bytes are gone (dropped to fit the browser's
 * storage quota, `dataUrl: ''`): {@link buildChatRequest} cannot send them,
 * and the answer says so rather than pretending it saw them.
 *
 * @param messages - The conversation a request is built from.
 */
export function droppedAttachments(messages: ChatMessageItem[]): string[] {
  return messages.flatMap(message =>
    message.role === 'user'
      ? message.attachments
          .filter(item => item.dataUrl === '')
          .map(item => item.name)
      : [],
  );
}
