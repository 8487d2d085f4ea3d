import { modelListSchema, safeParseJsonWith } from '@janus/protocol';

/** What {@link probeLlmMode} learnt. */
export type LlmModeProbe =
  | { answered: true; mode: 'real' | 'scripted' }
  | { answered: false; error: string };

/**
 * @internal Asks an OpenAI-compatible upstream whether it is the Janus
 * scripted model: `GET <baseURL>/models`, which the scripted model always
 * answers with entries `owned_by: "janus-scripted"` and `janus.llm_mode:
 * "scripted"` (see `scriptedModelInfo`), whatever model id it serves. Any
 * other answer (another list, an error status, not JSON) comes from
 * something else: `real`. Only a failed request (refused, timed out) leaves
 * the question open.
 *
 * @param options.baseURL The base URL (ends with `/v1`).
 * @param options.apiKey Sent as Bearer token (real upstreams want one).
 * @param options.fetch HTTP client (default global `fetch`).
 * @param options.timeoutMs Request timeout (default 2000).
 * @returns The mode, or why the upstream could not be asked.
 */
export async function probeLlmMode(options: {
  baseURL: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}): Promise<LlmModeProbe> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let text: string;
  try {
    const response = await fetchImpl(`${options.baseURL}/models`, {
      headers: {
        accept: 'application/json',
        ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { answered: true, mode: 'real' };
    }
    text = await response.text();
  } catch (error) {
    return {
      answered: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const list = safeParseJsonWith({
    text,
    schema: modelListSchema,
    subject: 'LLM model list',
    code: 'invalid_response',
  });
  const scripted =
    list.success &&
    list.value.data.some(
      model =>
        model.owned_by === 'janus-scripted' ||
        model.janus?.llm_mode === 'scripted',
    );
  return { answered: true, mode: scripted ? 'scripted' : 'real' };
}
