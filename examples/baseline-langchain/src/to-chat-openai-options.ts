import type { ChatCompletionRequest } from '@janus/protocol';
import type {
  ChatOpenAICallOptions,
  ChatOpenAIFields,
} from '@langchain/openai';

/**
 * Fields this module does not forward: the competitor sets `model`,
 * `stream` and `stream_options` itself, converts `messages`, and keeps the
 * Janus-only `competitor_id` and `metadata` (as the kit's fast path does:
 * OpenAI rejects `metadata` without `store`). `tools` never get here: a
 * request with tools takes the kit's fast path.
 */
const KEPT_BACK = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'tools',
  'competitor_id',
  'metadata',
]);

/** Request fields that `ChatOpenAI` models as constructor fields. */
const FIELDS = {
  temperature: 'temperature',
  top_p: 'topP',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  logit_bias: 'logitBias',
  user: 'user',
  n: 'n',
  logprobs: 'logprobs',
  top_logprobs: 'topLogprobs',
  service_tier: 'service_tier',
} as const satisfies Record<string, keyof ChatOpenAIFields>;

/** Request fields that `ChatOpenAI` takes as call options. */
const CALL_OPTIONS = {
  seed: 'seed',
  response_format: 'response_format',
  verbosity: 'verbosity',
  prompt_cache_key: 'promptCacheKey',
  prompt_cache_retention: 'promptCacheRetention',
} as const satisfies Record<string, keyof ChatOpenAICallOptions>;

/**
 * Maps an OpenAI chat request's parameters onto `ChatOpenAI` (1.5), so the
 * LangChain fast path sends the LLM what the client asked for, as the kit's
 * fast path does for baseline-agent-cli. Fields `ChatOpenAI` models go
 * where it reads them: constructor `fields` (`temperature`, `topP`,
 * `maxTokens`, …) and `callOptions` (`stop`, `seed`, `response_format`,
 * …); everything else (`reasoning_effort`, `tool_choice`, `prediction`,
 * provider extensions such as vLLM's `top_k`) goes through `modelKwargs`
 * as received. Two are renamed the LangChain way: `max_completion_tokens`
 * (or else `max_tokens`) becomes `maxTokens`, which `ChatOpenAI` sends as
 * `max_completion_tokens` to OpenAI reasoning models (`o*`, `gpt-5`) and
 * as `max_tokens` to all others; a single `stop` string becomes a list.
 * `null` values of the mapped fields count as absent.
 *
 * `reasoning_effort` is not mapped to `reasoning`, because `ChatOpenAI`
 * drops that for models it does not know as reasoning models.
 *
 * @param request The client's chat request.
 * @returns `fields` for a per-request `ChatOpenAI`, and its `callOptions`.
 */
export function toChatOpenAIOptions(request: ChatCompletionRequest): {
  fields: ChatOpenAIFields;
  callOptions: ChatOpenAICallOptions;
} {
  const fields: Record<string, unknown> = {};
  const callOptions: Record<string, unknown> = {};
  const modelKwargs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request)) {
    if (KEPT_BACK.has(name) || value === undefined) continue;
    if (name === 'max_tokens' || name === 'max_completion_tokens') continue;
    if (name === 'stop') {
      if (value !== null)
        callOptions.stop = typeof value === 'string' ? [value] : value;
    } else if (Object.hasOwn(FIELDS, name)) {
      if (value !== null) fields[FIELDS[name as keyof typeof FIELDS]] = value;
    } else if (Object.hasOwn(CALL_OPTIONS, name)) {
      if (value !== null)
        callOptions[CALL_OPTIONS[name as keyof typeof CALL_OPTIONS]] = value;
    } else {
      modelKwargs[name] = value;
    }
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) fields.maxTokens = maxTokens;
  if (Object.keys(modelKwargs).length > 0) fields.modelKwargs = modelKwargs;
  return {
    fields: fields as ChatOpenAIFields,
    callOptions: callOptions as ChatOpenAICallOptions,
  };
}
