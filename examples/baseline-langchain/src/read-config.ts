/** Settings of the baseline, read from the environment. */
export interface BaselineConfig {
  /** `PORT` (default 8002). */
  port: number;
  /** `HOST` (default `127.0.0.1`; `0.0.0.0` in a container). */
  host: string;
  /** `JANUS_SANDY_BASE_URL` (default `http://127.0.0.1:8787`). */
  sandyBaseUrl: string;
  /** `JANUS_SANDY_API_KEY`, sent as Bearer token. */
  sandyApiKey?: string;
}

/**
 * Reads the baseline's configuration from `env` (usually `process.env`).
 *
 * The LLM (`JANUS_LLM_*`, `CHUTES_API_KEY`, `OPENAI_API_KEY`, or the
 * scripted model) is read by the kit's `startLlmFromEnv`.
 *
 * @param env The environment.
 * @returns The {@link BaselineConfig}.
 */
export function readConfig(
  env: Record<string, string | undefined>,
): BaselineConfig {
  return {
    port: Number(env.PORT ?? 8002),
    host: env.HOST ?? '127.0.0.1',
    sandyBaseUrl: (env.JANUS_SANDY_BASE_URL ?? 'http://127.0.0.1:8787').replace(
      /\/+$/,
      '',
    ),
    sandyApiKey: env.JANUS_SANDY_API_KEY || undefined,
  };
}
