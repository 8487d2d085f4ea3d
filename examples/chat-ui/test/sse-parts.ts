import {
  type ChatCompletionChunk,
  type ChatStreamPart,
  encodeSseData,
  encodeSseError,
  parseChatCompletionStream,
  SSE_DONE,
} from '@janus/protocol';

/** A `chat.completion.chunk` with one delta (test helper). */
export function chunk(
  delta: ChatCompletionChunk['choices'][number]['delta'],
  extra: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'scripted',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  };
}

/** SSE text of chunks (plus optional in-stream error) and `[DONE]`. */
export function sseText(options: {
  chunks: ChatCompletionChunk[];
  error?: unknown;
  comments?: boolean;
}): string {
  let text = options.comments ? ': ping\n\n' : '';
  for (const item of options.chunks) text += encodeSseData(item);
  if (options.error !== undefined) text += encodeSseError(options.error);
  return text + SSE_DONE;
}

/** Decodes SSE text with the protocol's parser, as the UI does. */
export async function partsOf(text: string): Promise<ChatStreamPart[]> {
  const parts: ChatStreamPart[] = [];
  for await (const part of parseChatCompletionStream(new Response(text)))
    parts.push(part);
  return parts;
}
