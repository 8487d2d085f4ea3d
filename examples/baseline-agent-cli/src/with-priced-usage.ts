import type { CompletionStream } from '@janus/competitor-kit';
import type { ResolvedLlm } from './resolve-llm';

/**
 * The agent reports its LLM tokens through `stream.usage()` without a price;
 * this writer adds `cost_usd` from the kit's price table on the way.
 *
 * @param stream The competitor's stream writer.
 * @param llm The LLM whose prices apply.
 * @returns A writer that prices token usage.
 */
export function withPricedUsage(
  stream: CompletionStream,
  llm: ResolvedLlm,
): CompletionStream {
  return {
    ...stream,
    usage: usage => {
      const prompt = usage.prompt_tokens ?? 0;
      const completion = usage.completion_tokens ?? 0;
      if (prompt + completion === 0) return stream.usage(usage);
      const priced = llm.client.priceUsage({
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      });
      stream.usage({
        ...usage,
        ...(priced.cost_usd != null && { cost_usd: priced.cost_usd }),
      });
    },
  };
}
