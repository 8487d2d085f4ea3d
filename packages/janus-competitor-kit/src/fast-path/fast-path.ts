import type {
  ChatCompletionRequest,
  FinishReason,
  Usage,
} from '@janus/protocol';
import type { LlmClient } from '../llm/create-llm-client';
import type { CompletionStream } from '../server/completion-stream';

/**
 * The fast path: streams the upstream LLM's answer into `stream`: content and
 * reasoning deltas (`reasoning_content` or `reasoning`), tool-call fragments
 * as they come, the finish reason, and usage with cost. When the upstream
 * sends no usage, it is estimated (4 characters per token) and priced.
 * Honours backpressure (`stream.ready()`) and aborts (`signal`, default
 * `stream.signal`).
 *
 * @param options.llm The upstream client.
 * @param options.request The chat request (forwarded; `model` is the client's).
 * @param options.stream The competitor's stream writer.
 * @param options.signal Aborts the upstream call.
 * @returns The usage reported and the finish reason.
 * @example
 * ```ts
 * handle: (request, stream, context) => fastPath({ llm, request, stream, signal: context.signal }),
 * ```
 */
export async function fastPath(options: {
  llm: LlmClient;
  request: ChatCompletionRequest;
  stream: CompletionStream;
  signal?: AbortSignal;
}): Promise<{ usage: Usage; finishReason: FinishReason }> {
  const { llm, request, stream } = options;
  let usage: Usage | undefined;
  let finishReason: FinishReason = 'stop';
  let characters = 0;
  for await (const chunk of llm.streamChat({
    request,
    signal: options.signal ?? stream.signal,
  })) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      // Janus answers carry one choice; `n > 1` upstream choices are dropped.
      if (choice.index !== 0) continue;
      const delta = choice.delta;
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) {
        characters += reasoning.length;
        stream.reasoning(reasoning);
      }
      if (delta.content) {
        characters += delta.content.length;
        stream.content(delta.content);
      }
      for (const call of delta.tool_calls ?? []) {
        characters += call.function?.arguments?.length ?? 0;
        stream.toolCallDelta(call);
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    await stream.ready();
  }
  usage ??= llm.priceUsage(estimateUsage(request, characters));
  stream.usage(usage);
  stream.finish(finishReason);
  return { usage, finishReason };
}

function estimateUsage(
  request: ChatCompletionRequest,
  characters: number,
): Usage {
  const promptCharacters = JSON.stringify(request.messages).length;
  const prompt = Math.ceil(promptCharacters / 4);
  const completion = Math.ceil(characters / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}
