import {
  createLlmClient,
  type LlmClient,
  type LlmConfig,
  type Logger,
} from '@janus/competitor-kit';
import { createScriptedModel } from '@janus/competitor-kit/testing';

/** The LLM the baseline talks to, ready to use. */
export interface ResolvedLlm {
  /** The fast-path client (its `info` goes to `/health`). */
  client: LlmClient;
  /** OpenAI base URL (ends with `/v1`), also handed to the Sandy agent. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** Stops the in-process scripted model, if one was started. */
  close(): Promise<void>;
}

/**
 * Turns an {@link LlmConfig} into a client. With no LLM configured it starts
 * the deterministic scripted model in process (on a free 127.0.0.1 port, so
 * the Sandy agent can reach it too) and says so in the log and on `/health`
 * (`llm.mode: 'scripted'`).
 *
 * @param options.config From `llmConfigFromEnv`.
 * @param options.logger Receives the "scripted model started" line.
 * @returns The {@link ResolvedLlm}.
 */
export async function resolveLlm(options: {
  config: LlmConfig;
  logger: Logger;
}): Promise<ResolvedLlm> {
  const { config } = options;
  if (config.baseURL !== undefined) {
    return {
      client: createLlmClient({ ...config, provider: config.provider }),
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      model: config.model,
      close: async () => {},
    };
  }
  const scripted = await createScriptedModel();
  options.logger.warn(
    'Started the in-process Janus scripted model: answers are scripted, not from a real LLM',
    { url: scripted.url },
  );
  return {
    client: createLlmClient({
      baseURL: scripted.url,
      apiKey: 'unused',
      model: 'janus-scripted',
      mode: 'scripted',
      provider: 'scripted',
    }),
    baseURL: scripted.url,
    apiKey: 'unused',
    model: 'janus-scripted',
    close: () => scripted.close(),
  };
}
