import type { Usage } from '@janus/protocol';

/** US dollars per million tokens, by direction. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/**
 * Default prices (USD per million tokens) for models Janus competitors
 * commonly use. Published list prices at the time of writing; they change,
 * so pass `prices` to {@link createLlmClient} to override or extend them.
 */
export const defaultPrices: Readonly<Record<string, ModelPrice>> = {
  'janus-scripted': { inputPerMillion: 0, outputPerMillion: 0 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'Qwen/Qwen3-Next-80B-A3B-Instruct': {
    inputPerMillion: 0.1,
    outputPerMillion: 0.8,
  },
  'deepseek-ai/DeepSeek-V3.2-TEE': {
    inputPerMillion: 0.25,
    outputPerMillion: 0.4,
  },
  'XiaomiMiMo/MiMo-V2-Flash': { inputPerMillion: 0.1, outputPerMillion: 0.3 },
};

/**
 * Adds `cost_usd` to a usage from a price table. Leaves it unchanged when the
 * model has no price (unknown cost is not zero cost).
 *
 * @param options.usage Token usage.
 * @param options.model Model id to price.
 * @param options.prices Price table (default {@link defaultPrices}).
 * @returns The usage, with `cost_usd` when the model is priced.
 */
export function priceUsage(options: {
  usage: Usage;
  model: string;
  prices?: Readonly<Record<string, ModelPrice>>;
}): Usage {
  const price = (options.prices ?? defaultPrices)[options.model];
  if (!price) return options.usage;
  const cost =
    (options.usage.prompt_tokens * price.inputPerMillion +
      options.usage.completion_tokens * price.outputPerMillion) /
    1_000_000;
  return { ...options.usage, cost_usd: Math.round(cost * 1e9) / 1e9 };
}
