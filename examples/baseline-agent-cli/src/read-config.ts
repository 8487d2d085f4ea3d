import {
  type LlmConfig,
  type Logger,
  llmConfigFromEnv,
} from '@janus/competitor-kit';

/** Settings of the baseline, read from the environment. */
export interface BaselineConfig {
  /** `PORT` (default 8001). */
  port: number;
  /** `HOST` (default `127.0.0.1`; `0.0.0.0` in a container). */
  host: string;
  /** The upstream LLM (`JANUS_LLM_*`, `CHUTES_API_KEY`, `OPENAI_API_KEY`, or scripted). */
  llm: LlmConfig;
  /** `JANUS_SANDY_BASE_URL` (default `http://127.0.0.1:8787`). */
  sandyBaseUrl: string;
  /** `JANUS_SANDY_API_KEY`, sent as Bearer token. */
  sandyApiKey?: string;
  /** `JANUS_AGENT`: the Sandy agent to run (default `builtin`). */
  agent: string;
}

/**
 * Reads the baseline's configuration from `env` (usually `process.env`).
 *
 * @param env The environment.
 * @param options.logger Receives the "no LLM configured" notice.
 * @returns The {@link BaselineConfig}.
 */
export function readConfig(
  env: Record<string, string | undefined>,
  options: { logger?: Logger } = {},
): BaselineConfig {
  return {
    port: Number(env.PORT ?? 8001),
    host: env.HOST ?? '127.0.0.1',
    llm: llmConfigFromEnv(env, { logger: options.logger }),
    sandyBaseUrl: (env.JANUS_SANDY_BASE_URL ?? 'http://127.0.0.1:8787').replace(
      /\/+$/,
      '',
    ),
    sandyApiKey: env.JANUS_SANDY_API_KEY || undefined,
    agent: env.JANUS_AGENT || 'builtin',
  };
}
