/** The built-in agent's LLM: any OpenAI-compatible Chat Completions endpoint. */
export interface AgentLlmConfig {
  /** Base URL ending in `/v1` (a bare origin gets `/v1` appended). */
  baseUrl?: string;
  apiKey?: string;
  model?: string;
}

/** Options of the built-in agent (service-wide; requests can override the LLM). */
export interface SandyAgentOptions {
  /** Default LLM (`JANUS_SANDY_LLM_BASE_URL`, `_API_KEY`, `_MODEL` in the CLI). */
  llm?: AgentLlmConfig;
  /** LLM round trips per run (default 20). */
  maxSteps?: number;
  /** Gap between `heartbeat` events (ms, default 750: never more than 1 s of silence). */
  heartbeatIntervalMs?: number;
  /** Run limit when the request sends no `maxDuration` (s, default 600). */
  defaultMaxDurationSeconds?: number;
  /** Per-call LLM timeout (ms, default 120 000). */
  llmTimeoutMs?: number;
  /** `fetch` for the LLM calls (tests inject one). */
  fetch?: typeof fetch;
}

/** @internal */
export interface ResolvedAgentConfig {
  llm: AgentLlmConfig;
  maxSteps: number;
  heartbeatIntervalMs: number;
  defaultMaxDurationSeconds: number;
  llmTimeoutMs: number;
  fetch: typeof fetch;
}

/** @internal Applies the defaults. */
export function resolveAgentConfig(
  options: SandyAgentOptions = {},
): ResolvedAgentConfig {
  return {
    llm: options.llm ?? {},
    maxSteps: options.maxSteps ?? 20,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 750,
    defaultMaxDurationSeconds: options.defaultMaxDurationSeconds ?? 600,
    llmTimeoutMs: options.llmTimeoutMs ?? 120_000,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

/** `https://host` → `https://host/v1`; URLs already ending in `/vN` (or any other path) stay. */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = `${path === '' ? '/v1' : path}/chat/completions`;
  return url.toString();
}
