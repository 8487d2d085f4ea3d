import type {
  ChatCompletionChunk,
  ChatCompletionDelta,
  FinishReason,
  Usage,
} from '@janus/protocol';

/**
 * Builds the `chat.completion.chunk`s of one answer (shared `id`,
 * `created`, `model`; one choice). Key order is fixed: the SSE frame
 * template relies on it.
 */
export function createChunkFactory(identity: {
  id: string;
  created: number;
  model: string;
}): {
  delta(
    delta: ChatCompletionDelta,
    finishReason?: FinishReason | null,
  ): ChatCompletionChunk;
  usage(usage: Usage): ChatCompletionChunk;
} {
  const { id, created, model } = identity;
  return {
    delta: (delta, finishReason = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    }),
    usage: usage => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage,
    }),
  };
}
