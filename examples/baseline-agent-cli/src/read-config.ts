/** Settings of the baseline, read from the environment. */
export interface BaselineConfig {
  /** `PORT` (default 8001, also when empty; `0`: a free port). */
  port: number;
  /** `HOST` (default `127.0.0.1`, also when empty; `0.0.0.0` in a container). */
  host: string;
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
 * The LLM (`JANUS_LLM_*`, `CHUTES_API_KEY`, `OPENAI_API_KEY`, or the
 * scripted model) is read by the kit's `startLlmFromEnv`.
 *
 * @param env The environment.
 * @returns The {@link BaselineConfig}.
 * @throws An `Error` naming the variable for a malformed `PORT`.
 */
export function readConfig(
  env: Record<string, string | undefined>,
): BaselineConfig {
  return {
    port: readPort(env.PORT, 8001),
    // Empty is unset: never all interfaces by accident (no auth here).
    host: env.HOST?.trim() || '127.0.0.1',
    sandyBaseUrl: (env.JANUS_SANDY_BASE_URL ?? 'http://127.0.0.1:8787').replace(
      /\/+$/,
      '',
    ),
    sandyApiKey: env.JANUS_SANDY_API_KEY || undefined,
    agent: env.JANUS_AGENT || 'builtin',
  };
}

/** A port from 0 to 65535; `fallback` when unset or empty. */
function readPort(text: string | undefined, fallback: number): number {
  if (!text?.trim()) return fallback;
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(
      `Invalid PORT '${text}': expected a whole number from 0 to 65535`,
    );
  return value;
}
