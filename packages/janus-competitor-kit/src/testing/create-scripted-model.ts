import { silentLogger } from '../logger/logger';
import { type CloseOptions, serveFetch } from '../node/serve-fetch';
import { createScriptedModelHandler } from './create-scripted-model-handler';
import type { ScriptedPace } from './scripted/create-pacer';

/** A running scripted model. */
export interface ScriptedModel {
  /** OpenAI base URL, e.g. `http://127.0.0.1:41234/v1` (ends with `/v1`). */
  url: string;
  /** The same handler, in process (no socket). */
  fetch(request: Request): Promise<Response>;
  /** Parsed bodies of the chat requests received, newest last. */
  requests: unknown[];
  /**
   * Stops the server and cuts open streams at once (a test double has
   * nothing worth draining, and a test's teardown should not wait for a
   * paced answer). Pass `graceMs` / `abortWaitMs` for `serveFetch()`'s
   * graceful close instead.
   */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Starts the scripted model: a real OpenAI-compatible HTTP server whose
 * replies follow documented, deterministic rules (see the package README),
 * for developing and testing offline. Binds `127.0.0.1` on a free port unless
 * told otherwise.
 *
 * @param options.port Port (default 0: a free one).
 * @param options.host Interface (default `127.0.0.1`).
 * @param options.model Model id it reports (default `janus-scripted`).
 * @param options.pace Pieces per second and first-token delay (default: as fast as possible).
 * @returns The running model; `url` is an OpenAI base URL.
 * @example
 * ```ts
 * const model = await createScriptedModel();
 * const openai = new OpenAI({ baseURL: model.url, apiKey: 'unused' });
 * await openai.chat.completions.create({ model: 'janus-scripted', messages: [{ role: 'user', content: 'hi' }] });
 * await model.close();
 * ```
 */
export async function createScriptedModel(
  options: {
    port?: number;
    host?: string;
    model?: string;
    pace?: ScriptedPace;
  } = {},
): Promise<ScriptedModel> {
  const handler = createScriptedModelHandler({
    model: options.model,
    pace: options.pace,
  });
  const server = await serveFetch({
    fetch: handler.fetch,
    port: options.port,
    host: options.host,
    // Its handler has no cleanups; streams cut by close() are not news.
    logger: silentLogger,
  });
  return {
    url: `${server.url}/v1`,
    fetch: handler.fetch,
    requests: handler.requests,
    close: (closeOptions = {}) =>
      server.close({ graceMs: 0, abortWaitMs: 0, ...closeOptions }),
  };
}
