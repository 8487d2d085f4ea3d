import type { CompletionStream } from '@janus/competitor-kit';
import {
  type FinishReason,
  finishReasonSchema,
  type Usage,
} from '@janus/protocol';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI, ChatOpenAICallOptions } from '@langchain/openai';
import { toLlmError } from './to-llm-error';

/**
 * The fast path the LangChain way: `ChatOpenAI.stream()` straight into the
 * competitor's stream (reasoning from `additional_kwargs.reasoning_content`,
 * content as it comes), usage from LangChain's `usage_metadata`, and the
 * LLM's finish reason (e.g. `length` when the client's token cap hit).
 *
 * @param options.model The `ChatOpenAI` model (with the request's fields).
 * @param options.messages The conversation.
 * @param options.callOptions The request's call options (`stop`, `seed`,
 *   `response_format`, …; see `toChatOpenAIOptions`).
 * @param options.stream The competitor's stream writer.
 * @param options.signal Aborts the upstream call.
 * @returns Token usage and the finish reason (`stop` when the LLM sent none).
 */
export async function runLangChainFastPath(options: {
  model: ChatOpenAI;
  messages: BaseMessage[];
  callOptions?: ChatOpenAICallOptions;
  stream: CompletionStream;
  signal: AbortSignal;
}): Promise<{
  usage: Pick<Usage, 'prompt_tokens' | 'completion_tokens' | 'total_tokens'>;
  finishReason: FinishReason;
}> {
  const { stream } = options;
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  let finishReason: FinishReason = 'stop';
  try {
    for await (const chunk of await options.model.stream(options.messages, {
      ...options.callOptions,
      signal: options.signal,
    })) {
      const reasoning = chunk.additional_kwargs?.reasoning_content;
      if (typeof reasoning === 'string') stream.reasoning(reasoning);
      if (typeof chunk.content === 'string') stream.content(chunk.content);
      if (chunk.usage_metadata) {
        usage.prompt_tokens += chunk.usage_metadata.input_tokens;
        usage.completion_tokens += chunk.usage_metadata.output_tokens;
      }
      const reason = finishReasonSchema.safeParse(
        chunk.response_metadata?.finish_reason,
      );
      if (reason.success) finishReason = reason.data;
      await stream.ready();
    }
  } catch (error) {
    throw toLlmError(error);
  }
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return { usage, finishReason };
}
