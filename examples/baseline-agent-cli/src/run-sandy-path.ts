import {
  type CompetitorContext,
  type CompletionStream,
  collectArtifacts,
  createSandyClient,
  type Logger,
  runAgent,
  type SandyClient,
  withSandbox,
} from '@janus/competitor-kit';
import type { ChatCompletionRequest } from '@janus/protocol';
import type { SandyMonitor } from './create-sandy-monitor';
import type { ResolvedLlm } from './resolve-llm';

/**
 * The Sandy path: create a sandbox (`sandbox_start`), run the agent in it
 * with the request's last user message as its task (steps → reasoning and
 * tool events, answer → content), collect `/workspace/artifacts` into the
 * competitor's artifact store (`artifacts` event), terminate the sandbox
 * (`sandbox_end`, `sandbox_seconds`). A sandbox that cannot be created gets
 * the "unavailable" answer instead of an error.
 *
 * @param options.unavailableMessage What to answer when Sandy refuses.
 * @returns When the answer is complete.
 */
export async function runSandyPath(options: {
  llm: ResolvedLlm;
  sandy: { baseUrl: string; apiKey?: string };
  agent: string;
  logger: Logger;
  fetch?: typeof fetch;
  monitor: SandyMonitor;
  request: ChatCompletionRequest;
  stream: CompletionStream;
  context: CompetitorContext;
  reason: string;
  unavailableMessage: string;
}): Promise<void> {
  const { llm, stream, context, logger } = options;
  const client = createSandyClient({
    baseURL: options.sandy.baseUrl,
    apiKey: options.sandy.apiKey,
    fetch: options.fetch,
  });
  // Workaround: an abort while `create` is in flight leaves a sandbox that
  // nobody terminates (Sandy creates it anyway). Let `create` finish;
  // `withSandbox` then sees the aborted signal and terminates it at once.
  const sandy: SandyClient = {
    ...client,
    create: ({ signal: _ignored, ...request } = {}) => client.create(request),
  };
  stream.reasoning(
    `Routing: agent path (${options.reason}). Creating a sandbox…\n`,
  );
  let created = false;
  try {
    await withSandbox(
      { sandy, stream, signal: context.signal, logger },
      async sandbox => {
        created = true;
        stream.reasoning(
          `Sandbox ${sandbox.id} created; running the ${options.agent} agent…\n`,
        );
        const run = await runAgent({
          sandbox,
          stream: withPricedUsage(stream, llm),
          agent: options.agent,
          prompt: lastUserText(options.request),
          model: llm.model,
          apiBaseUrl: llm.baseURL,
          apiKey: llm.apiKey,
        });
        stream.reasoning(
          `Agent ${run.success ? 'completed' : 'failed'}; collecting artifacts…\n`,
        );
        stream.artifacts(
          await collectArtifacts({ sandbox, store: context.artifacts }),
        );
      },
    );
  } catch (error) {
    if (created || context.signal.aborted) throw error;
    // Sandy answered /health but refused the sandbox (down, over capacity).
    const reason = error instanceof Error ? error.message : String(error);
    options.monitor.markUnavailable(`sandbox creation failed: ${reason}`);
    logger.warn('sandbox creation failed', {
      reason,
      request_id: context.requestId,
    });
    stream.content(options.unavailableMessage);
  }
}

/** The task for the agent: the text of the last user message. */
function lastUserText(request: ChatCompletionRequest): string {
  const last = [...request.messages]
    .reverse()
    .find(message => message.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap(part => (part.type === 'text' ? [part.text] : []))
    .join('\n');
}

/**
 * The agent reports its LLM tokens through `stream.usage()` without a price;
 * this writer adds `cost_usd` from the kit's price table on the way.
 */
function withPricedUsage(
  stream: CompletionStream,
  llm: ResolvedLlm,
): CompletionStream {
  return {
    ...stream,
    usage: usage => {
      const prompt = usage.prompt_tokens ?? 0;
      const completion = usage.completion_tokens ?? 0;
      if (prompt + completion === 0) return stream.usage(usage);
      const priced = llm.client.priceUsage({
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      });
      stream.usage({
        ...usage,
        ...(priced.cost_usd != null && { cost_usd: priced.cost_usd }),
      });
    },
  };
}
