import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
} from '@janus/protocol';

/** What the scripted rules look at in a request. */
export interface Prompt {
  /** Text of the last user message (text parts joined by newlines). */
  text: string;
  /** `text` lowercased. */
  lower: string;
  /** Non-text parts of the last user message. */
  parts: ContentPart[];
  /** Index of the last user message in `messages` (-1 if none). */
  lastUserIndex: number;
}

/** Reads the last user message of a request. */
export function readPrompt(request: ChatCompletionRequest): Prompt {
  const { messages } = request;
  let lastUserIndex = -1;
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index]?.role === 'user') {
      lastUserIndex = index;
      break;
    }
  }
  const message = messages[lastUserIndex];
  const text = message ? messageText(message) : '';
  const parts =
    message && Array.isArray(message.content)
      ? message.content.filter(part => part.type !== 'text')
      : [];
  return { text, lower: text.toLowerCase(), parts, lastUserIndex };
}

/** The text of a message: the string content, or its text parts joined. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap(part => (part.type === 'text' ? [part.text] : []))
    .join('\n');
}

/** Whitespace-separated words of all message text (the prompt token count). */
export function countPromptWords(request: ChatCompletionRequest): number {
  let words = 0;
  for (const message of request.messages)
    words += countWords(messageText(message));
  return words;
}

/** Number of whitespace-separated words in `text`. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(word => word.length > 0).length;
}

/**
 * Splits text into word-sized pieces (each word with its trailing
 * whitespace); joined, the pieces give back `text` exactly.
 */
export function splitPieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text.length > 0 ? [text] : []);
}
