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
  /**
   * Which `apiBaseUrl`s an `agent/run` request may choose
   * (`JANUS_SANDY_LLM_CLIENT_BASE_URLS` in the CLI): `'any'` (default),
   * `'none'`, or an allow-list of base URLs (a client URL matches an entry
   * with the same origin whose path is a prefix of its own). Whatever the
   * policy, a client-chosen URL never receives `llm.apiKey`: only the
   * client's own `apiKey`, if it sends one.
   */
  clientBaseUrls?: 'any' | 'none' | string[];
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
  clientBaseUrls: 'any' | 'none' | URL[];
  fetch: typeof fetch;
}

/** @internal Applies the defaults (throws on an invalid `clientBaseUrls` entry). */
export function resolveAgentConfig(
  options: SandyAgentOptions = {},
): ResolvedAgentConfig {
  return {
    llm: options.llm ?? {},
    maxSteps: options.maxSteps ?? 20,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 750,
    defaultMaxDurationSeconds: options.defaultMaxDurationSeconds ?? 600,
    llmTimeoutMs: options.llmTimeoutMs ?? 120_000,
    clientBaseUrls: Array.isArray(options.clientBaseUrls)
      ? options.clientBaseUrls.map(entry => new URL(entry))
      : (options.clientBaseUrls ?? 'any'),
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
