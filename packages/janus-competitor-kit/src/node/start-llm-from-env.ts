import {
  createLlmClient,
  type LlmClient,
  type LlmClientOptions,
} from '../llm/create-llm-client';
import { llmConfigFromEnv } from '../llm/llm-config-from-env';
import { probeLlmMode } from '../llm/probe-llm-mode';
import { createJsonLogger, type Logger } from '../logger/logger';
import { createScriptedModel } from '../testing/create-scripted-model';

/** How to reach the LLM {@link startLlmFromEnv} chose (the key is a secret: never log it). */
export interface LlmConnection {
  /** OpenAI-compatible base URL (ends with `/v1`). */
  baseURL: string;
  apiKey: string;
  model: string;
}

/**
 * An LLM client from the environment ({@link llmConfigFromEnv}); with no LLM
 * configured it starts an in-process scripted model on a free
 * `127.0.0.1` port and logs that it did, so an app runs offline as is.
 * For a `JANUS_LLM_BASE_URL` other than Chutes or OpenAI, what `llm.info`
 * reports as `mode` comes from asking the upstream (`GET <base>/models`:
 * the scripted model lists itself as `owned_by: "janus-scripted"`), not from
 * the model name; when the upstream cannot be asked (refused, 2 s timeout)
 * the name decides (`janus-scripted` → `scripted`) and a warning says so.
 *
 * @param options.env The environment (default `process.env`).
 * @param options.logger Receives the "using the scripted model" line.
 * @param options.client Extra client options (timeouts, retries, prices).
 * @param options.port Port of the scripted model started when no LLM is
 *   configured (default 0: a free one), e.g. to point a Sandy agent at a
 *   fixed address; unused when an LLM is configured.
 * @returns The client, its `connection` (base URL, key, model: for other
 *   clients of the same LLM, e.g. a Sandy agent or LangChain's `ChatOpenAI`)
 *   and `close()` (stops the scripted model, if one was started).
 * @example
 * ```ts
 * const { llm } = await startLlmFromEnv();
 * ```
 */
export async function startLlmFromEnv(
  options: {
    env?: Record<string, string | undefined>;
    logger?: Logger;
    client?: Partial<LlmClientOptions>;
    port?: number;
  } = {},
): Promise<{
  llm: LlmClient;
  connection: LlmConnection;
  close(): Promise<void>;
}> {
  const logger = options.logger ?? createJsonLogger({ name: 'llm' });
  const config = llmConfigFromEnv(options.env ?? process.env, { logger });
  if (config.baseURL !== undefined) {
    let { mode, provider } = config;
    // Chutes and OpenAI are real by definition; any other URL may be a
    // scripted model under any model name, or a real LLM named anything.
    if (provider === 'custom' || provider === 'scripted') {
      const probe = await probeLlmMode({
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        ...(options.client?.fetch && { fetch: options.client.fetch }),
      });
      if (!probe.answered) {
        logger.warn(
          `The LLM mode is unconfirmed: could not ask ${config.baseURL}/models (${probe.error}); reporting the mode the model name implies`,
          { mode, model: config.model },
        );
      } else if (probe.mode !== mode) {
        mode = probe.mode;
        provider = mode === 'scripted' ? 'scripted' : 'custom';
        logger.warn(
          mode === 'scripted'
            ? `JANUS_LLM_BASE_URL is the Janus scripted model (model ${config.model}): reporting mode scripted`
            : `JANUS_LLM_BASE_URL is not the Janus scripted model although the model is ${config.model}: reporting mode real`,
          { base_url: config.baseURL },
        );
      }
    }
    const llm = createLlmClient({
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      model: config.model,
      mode,
      provider,
      ...options.client,
    });
    const connection = {
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      model: config.model,
    };
    return { llm, connection, close: async () => {} };
  }
  const model = await createScriptedModel({ port: options.port });
  logger.warn(
    'Started the in-process Janus scripted model: answers are scripted, not from a real LLM',
    { url: model.url },
  );
  const llm = createLlmClient({
    baseURL: model.url,
    model: 'janus-scripted',
    mode: 'scripted',
    provider: 'scripted',
    ...options.client,
  });
  const connection = {
    baseURL: model.url,
    apiKey: 'unused',
    model: 'janus-scripted',
  };
  return { llm, connection, close: () => model.close() };
}
