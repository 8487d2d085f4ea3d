import {
  createLlmClient,
  type LlmClient,
  type LlmClientOptions,
} from '../llm/create-llm-client';
import { llmConfigFromEnv } from '../llm/llm-config-from-env';
import { createJsonLogger, type Logger } from '../logger/logger';
import { createScriptedModel } from '../testing/create-scripted-model';

/**
 * An LLM client from the environment ({@link llmConfigFromEnv}); with no LLM
 * configured it starts an in-process scripted model on a free
 * `127.0.0.1` port and logs that it did, so an app runs offline as is.
 *
 * @param options.env The environment (default `process.env`).
 * @param options.logger Receives the "using the scripted model" line.
 * @param options.client Extra client options (timeouts, retries, prices).
 * @returns The client and `close()` (stops the scripted model, if one was started).
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
  } = {},
): Promise<{ llm: LlmClient; close(): Promise<void> }> {
  const logger = options.logger ?? createJsonLogger({ name: 'llm' });
  const config = llmConfigFromEnv(options.env ?? process.env, { logger });
  if (config.baseURL !== undefined) {
    const llm = createLlmClient({
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      model: config.model,
      mode: config.mode,
      provider: config.provider,
      ...options.client,
    });
    return { llm, close: async () => {} };
  }
  const model = await createScriptedModel();
  logger.info('started the scripted model', { url: model.url });
  const llm = createLlmClient({
    baseURL: model.url,
    model: 'janus-scripted',
    mode: 'scripted',
    provider: 'scripted',
    ...options.client,
  });
  return { llm, close: () => model.close() };
}
