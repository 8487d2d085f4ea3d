import type { Logger } from '../logger/logger';

/** Where the LLM comes from. */
export type LlmConfig =
  | {
      mode: 'real' | 'scripted';
      /** OpenAI-compatible base URL (ends with `/v1`). */
      baseURL: string;
      apiKey: string;
      model: string;
      /** `custom`, `chutes`, `openai`. */
      provider: string;
    }
  | {
      /** No LLM configured: start a scripted model (`@janus/competitor-kit/testing`). */
      mode: 'scripted';
      baseURL?: undefined;
    };

const chutesBaseURL = 'https://llm.chutes.ai/v1';
const openaiBaseURL = 'https://api.openai.com/v1';
/** Providers whose base URL implies a default model. */
const knownProviders = [
  {
    provider: 'chutes',
    baseURL: chutesBaseURL,
    model: 'Qwen/Qwen3-Next-80B-A3B-Instruct',
  },
  { provider: 'openai', baseURL: openaiBaseURL, model: 'gpt-4o-mini' },
];

/**
 * Reads the LLM settings from the environment, first match wins:
 * - `JANUS_LLM_BASE_URL` (+ `JANUS_LLM_API_KEY`, `JANUS_LLM_MODEL`): the
 *   model is required, except at the Chutes or OpenAI base URL (their
 *   default models); without one this throws, since no model name is
 *   right for every upstream. `mode` is `scripted` when the model is
 *   `janus-scripted`, else `real`: a guess from the name, which
 *   `startLlmFromEnv` (`./node`) checks by asking the upstream;
 * - `CHUTES_API_KEY` → Chutes; `OPENAI_API_KEY` → OpenAI (`real`);
 * - none → `{ mode: 'scripted' }` and a log line saying so.
 *
 * @param env The environment (e.g. `process.env`).
 * @param options.logger Receives the "no LLM configured" line.
 * @returns The {@link LlmConfig}.
 * @throws Error when `JANUS_LLM_BASE_URL` is set without `JANUS_LLM_MODEL`
 *   and is neither the Chutes nor the OpenAI base URL.
 */
export function llmConfigFromEnv(
  env: Record<string, string | undefined>,
  options: { logger?: Logger } = {},
): LlmConfig {
  const model = env.JANUS_LLM_MODEL || undefined;
  if (env.JANUS_LLM_BASE_URL) {
    const baseURL = env.JANUS_LLM_BASE_URL.replace(/\/+$/, '');
    const known = knownProviders.find(entry => entry.baseURL === baseURL);
    const resolved = model ?? known?.model;
    // Defaulting to `janus-scripted` here once made any upstream without a
    // model report itself as the scripted model.
    if (resolved === undefined)
      throw new Error(
        `JANUS_LLM_BASE_URL is set (${baseURL}) but JANUS_LLM_MODEL is not: set the model id that upstream serves (janus-scripted for the Janus scripted model)`,
      );
    const scripted = resolved === 'janus-scripted';
    return {
      mode: scripted ? 'scripted' : 'real',
      baseURL,
      apiKey: env.JANUS_LLM_API_KEY || 'unused',
      model: resolved,
      provider: known?.provider ?? (scripted ? 'scripted' : 'custom'),
    };
  }
  if (env.CHUTES_API_KEY) {
    return {
      mode: 'real',
      baseURL: chutesBaseURL,
      apiKey: env.CHUTES_API_KEY,
      model: model ?? 'Qwen/Qwen3-Next-80B-A3B-Instruct',
      provider: 'chutes',
    };
  }
  if (env.OPENAI_API_KEY) {
    return {
      mode: 'real',
      baseURL: openaiBaseURL,
      apiKey: env.OPENAI_API_KEY,
      model: model ?? 'gpt-4o-mini',
      provider: 'openai',
    };
  }
  options.logger?.warn(
    'No LLM configured (JANUS_LLM_BASE_URL, CHUTES_API_KEY, OPENAI_API_KEY are unset): using the Janus scripted model, a deterministic offline stand-in, not a real LLM',
  );
  return { mode: 'scripted' };
}
