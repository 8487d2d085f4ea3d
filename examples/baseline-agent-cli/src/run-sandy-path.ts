import {
  type CompetitorContext,
  type CompletionStream,
  collectArtifacts,
  createSandyClient,
  type Logger,
  runAgent,
  type SandyMonitor,
  withSandbox,
} from '@janus/competitor-kit';
import type { LlmConnection } from '@janus/competitor-kit/node';
import { type ChatCompletionRequest, UpstreamError } from '@janus/protocol';

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
  connection: LlmConnection;
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
  const { connection, stream, context, logger } = options;
  const sandy = createSandyClient({
    baseURL: options.sandy.baseUrl,
    apiKey: options.sandy.apiKey,
    fetch: options.fetch,
  });
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
          stream,
          agent: options.agent,
          prompt: lastUserText(options.request),
          model: connection.model,
          apiBaseUrl: connection.baseURL,
          apiKey: connection.apiKey,
        });
        stream.reasoning(
          `Agent ${run.success ? 'completed' : 'failed'}; collecting artifacts…\n`,
        );
        stream.artifacts(
          await collectArtifacts({
            sandbox,
            store: context.artifacts,
            logger: context.logger,
          }),
        );
        if (!run.success) {
          // The reason is in the reasoning; the answer ends with an error
          // event rather than passing a failure off as content. Thrown, not
          // `stream.error()`: that would close the stream before
          // `withSandbox` emits `sandbox_end`.
          throw new UpstreamError({
            message: `The ${options.agent} agent failed in the sandbox`,
            code: 'upstream_error',
          });
        }
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
