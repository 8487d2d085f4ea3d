import type { CompletionStream } from '@janus/competitor-kit';
import type { Usage } from '@janus/protocol';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatOpenAI } from '@langchain/openai';
import { toLlmError } from './to-llm-error';

/**
 * The fast path the LangChain way: `ChatOpenAI.stream()` straight into the
 * competitor's stream (reasoning from `additional_kwargs.reasoning_content`,
 * content as it comes), usage from LangChain's `usage_metadata`.
 *
 * @param options.model The `ChatOpenAI` model.
 * @param options.messages The conversation.
 * @param options.stream The competitor's stream writer.
 * @param options.signal Aborts the upstream call.
 * @returns Token usage.
 */
export async function runLangChainFastPath(options: {
  model: ChatOpenAI;
  messages: BaseMessage[];
  stream: CompletionStream;
  signal: AbortSignal;
}): Promise<
  Pick<Usage, 'prompt_tokens' | 'completion_tokens' | 'total_tokens'>
> {
  const { stream } = options;
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  try {
    for await (const chunk of await options.model.stream(options.messages, {
      signal: options.signal,
    })) {
      const reasoning = chunk.additional_kwargs?.reasoning_content;
      if (typeof reasoning === 'string') stream.reasoning(reasoning);
      if (typeof chunk.content === 'string') stream.content(chunk.content);
      if (chunk.usage_metadata) {
        usage.prompt_tokens += chunk.usage_metadata.input_tokens;
        usage.completion_tokens += chunk.usage_metadata.output_tokens;
      }
      await stream.ready();
    }
  } catch (error) {
    throw toLlmError(error);
  }
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return usage;
}
