import { defaultPrices, type ModelPrice, priceUsage } from '../llm/price-table';
import type { CompletionStream } from '../server/completion-stream';
import { createAgentEventMapper } from './create-agent-event-mapper';
import type { Sandbox } from './with-sandbox';

/**
 * Runs a Sandy agent (`POST /agent/run`) in the sandbox and maps its events
 * onto the stream: steps as reasoning, the answer as content, tool steps as
 * Janus `tool_start`/`tool_end` events (see the mapping table in the
 * README). On abort the agent is cancelled (best effort). When a
 * successful run streamed no answer, the content is `Agent completed
 * without output.`; a failed run gets no such text (it would pass the
 * failure off as an answer): end it with an error, e.g. by throwing from
 * `withSandbox`'s `work`.
 *
 * @param options.sandbox From `withSandbox`.
 * @param options.stream The stream writer.
 * @param options.agent `builtin` (the @janus/sandy agent), `claude-code`, …
 * @param options.prompt The task.
 * @param options.model Model id for the agent's LLM.
 * @param options.apiBaseUrl OpenAI-compatible base URL of that LLM.
 * @param options.apiKey Its key.
 * @param options.maxDuration Run time limit in seconds (default 600).
 * @param options.systemPrompt Extra instructions.
 * @param options.env Environment of the agent process.
 * @param options.prices Prices merged over `defaultPrices` (as for
 *   `createLlmClient`): token usage the agent reports without a cost is
 *   priced for `options.model`; an unpriced model gets no `cost_usd`.
 * @returns The streamed content and whether the run succeeded (false after
 *   an `error` event, `complete.success: false` or a `result` with
 *   `is_error`).
 */
export async function runAgent(options: {
  sandbox: Sandbox;
  stream: CompletionStream;
  agent: string;
  prompt: string;
  model?: string;
  apiBaseUrl?: string;
  apiKey?: string;
  maxDuration?: number;
  systemPrompt?: string;
  env?: Record<string, string>;
  prices?: Record<string, ModelPrice>;
}): Promise<{ content: string; success: boolean }> {
  const { sandbox, stream } = options;
  const model = options.model;
  const prices = { ...defaultPrices, ...options.prices };
  const mapper = createAgentEventMapper({
    stream,
    ...(model && { price: usage => priceUsage({ usage, model, prices }) }),
  });
  const cancel = () => {
    sandbox.sandy.agentCancel({ sandboxId: sandbox.id }).catch(() => {});
  };
  sandbox.signal.addEventListener('abort', cancel, { once: true });
  try {
    const events = sandbox.sandy.agentRun({
      sandboxId: sandbox.id,
      agent: options.agent,
      prompt: options.prompt,
      maxDuration: options.maxDuration ?? 600,
      ...(options.model && { model: options.model }),
      ...(options.apiBaseUrl && { apiBaseUrl: options.apiBaseUrl }),
      ...(options.apiKey && { apiKey: options.apiKey }),
      ...(options.systemPrompt && { systemPrompt: options.systemPrompt }),
      ...(options.env && { env: options.env, envVars: options.env }),
      signal: sandbox.signal,
    });
    for await (const event of events) {
      mapper.map(event);
      if (mapper.state.completed) break;
      await stream.ready();
    }
  } finally {
    sandbox.signal.removeEventListener('abort', cancel);
  }
  // Only a successful run may be summarised as "no output": after a failure
  // the text would read as the agent's answer, right before the error.
  if (
    !mapper.state.content &&
    mapper.state.success &&
    !sandbox.signal.aborted
  ) {
    const fallback = 'Agent completed without output.';
    mapper.state.content = fallback;
    stream.content(fallback);
  }
  return { content: mapper.state.content, success: mapper.state.success };
}
