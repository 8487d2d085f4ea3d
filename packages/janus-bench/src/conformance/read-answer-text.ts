import {
  ChatCompletionAccumulator,
  type ChatCompletionMessage,
  lenientChatCompletionSchema,
  parseChatCompletionStream,
} from '@janus/protocol';
import type { HttpExchange } from './conformance-context';

/** The answer an HTTP exchange carries, as a client would read it. */
export interface AnswerText {
  /** `stream`: accumulated `delta.content`; `completion`: `message.content`. */
  form: 'stream' | 'completion';
  /** The answer text of choice 0 (`''` when there is none). */
  content: string;
  /** How many tool calls choice 0 made. */
  toolCalls: number;
}

/**
 * The answer text of a body: a JSON body read as a `chat.completion`, any
 * other body as an SSE stream of chunks. Lenient (envelope fields that are
 * missing are filled, invalid chunks and error events skipped): this looks
 * for what a client would show as the answer, not at the framing, which
 * other checks judge. `undefined` when the body holds no answer (an error
 * body, an HTML page, a stream without a chunk).
 *
 * @internal
 */
export async function readAnswerText(
  exchange: HttpExchange,
): Promise<AnswerText | undefined> {
  if (exchange.json !== undefined) {
    const parsed = lenientChatCompletionSchema.safeParse(exchange.json);
    const message = parsed.success
      ? parsed.data.choices[0]?.message
      : undefined;
    return message && answerOf('completion', message);
  }
  const accumulator = new ChatCompletionAccumulator();
  let chunks = 0;
  for await (const part of parseChatCompletionStream(
    new Response(exchange.text),
    { lenient: true },
  )) {
    if (part.type !== 'data') continue;
    accumulator.push(part.value);
    chunks++;
  }
  if (chunks === 0) return undefined;
  const message = accumulator.toChatCompletion().choices[0]?.message;
  return message && answerOf('stream', message);
}

function answerOf(
  form: AnswerText['form'],
  message: ChatCompletionMessage,
): AnswerText {
  return {
    form,
    content: message.content ?? '',
    toolCalls: message.tool_calls?.length ?? 0,
  };
}
