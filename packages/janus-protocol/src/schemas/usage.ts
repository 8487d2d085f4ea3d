import { z } from 'zod/v4';

/**
 * Token usage of one completion, plus Janus cost fields. Sent as the last
 * chunk before `[DONE]` (with `choices: []`) when the request asked for
 * `stream_options.include_usage`.
 */
export const usageSchema = z.looseObject({
  /** Tokens in the prompt. */
  prompt_tokens: z.number().int().nonnegative(),
  /** Tokens generated (including reasoning tokens). */
  completion_tokens: z.number().int().nonnegative(),
  /** `prompt_tokens + completion_tokens`. */
  total_tokens: z.number().int().nonnegative(),
  /** Janus: what this completion cost, in US dollars. */
  cost_usd: z.number().nonnegative().nullish(),
  /** Janus: sandbox wall time used by this completion, in seconds. */
  sandbox_seconds: z.number().nonnegative().nullish(),
  /** OpenAI: breakdown of completion tokens. */
  completion_tokens_details: z
    .looseObject({ reasoning_tokens: z.number().int().nonnegative().nullish() })
    .nullish(),
  /** OpenAI: breakdown of prompt tokens. */
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().int().nonnegative().nullish() })
    .nullish(),
});
/** Token usage and cost. */
export type Usage = z.infer<typeof usageSchema>;
