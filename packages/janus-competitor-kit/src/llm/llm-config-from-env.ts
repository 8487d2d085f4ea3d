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

/**
 * Reads the LLM settings from the environment, first match wins:
 * `JANUS_LLM_BASE_URL` (+ `JANUS_LLM_API_KEY`, `JANUS_LLM_MODEL`);
 * `CHUTES_API_KEY` → Chutes; `OPENAI_API_KEY` → OpenAI; none → `{ mode:
 * 'scripted' }` and a log line saying so. A base URL whose model is
 * `janus-scripted` (a running scripted model) is reported as `scripted`.
 *
 * @param env The environment (e.g. `process.env`).
 * @param options.logger Receives the "no LLM configured" line.
 * @returns The {@link LlmConfig}.
 */
export function llmConfigFromEnv(
  env: Record<string, string | undefined>,
  options: { logger?: Logger } = {},
): LlmConfig {
  const model = env.JANUS_LLM_MODEL || undefined;
  if (env.JANUS_LLM_BASE_URL) {
    const resolved = model ?? 'janus-scripted';
    return {
      mode: resolved === 'janus-scripted' ? 'scripted' : 'real',
      baseURL: env.JANUS_LLM_BASE_URL.replace(/\/+$/, ''),
      apiKey: env.JANUS_LLM_API_KEY || 'unused',
      model: resolved,
      provider: resolved === 'janus-scripted' ? 'scripted' : 'custom',
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
