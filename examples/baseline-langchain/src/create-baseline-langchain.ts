import {
  type Competitor,
  classifyRequest,
  collectArtifacts,
  createCompetitor,
  createSandyClient,
  createSandyMonitor,
  fastPath,
  type LlmClient,
  type Logger,
  type SandyMonitor,
  withSandbox,
} from '@janus/competitor-kit';
import type { LlmConnection } from '@janus/competitor-kit/node';
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { createToolCallIdRepairFetch } from './create-tool-call-id-repair-fetch';
import { runLangChainAgent } from './run-langchain-agent';
import { runLangChainFastPath } from './run-langchain-fast-path';
import { toChatOpenAIOptions } from './to-chat-openai-options';
import { toLangChainMessages } from './to-langchain-messages';

/** What a complex prompt gets when Sandy cannot be reached or refuses a sandbox (content, HTTP 200). */
export const SANDBOX_UNAVAILABLE_MESSAGE =
  'The agent sandbox is currently unavailable, so I cannot run code, use tools or create files for this request. Please try again later.';

/** Options of {@link createBaselineLangChain}. */
export interface BaselineLangChainOptions {
  /** The upstream LLM client (fast path, `/health`), e.g. from `startLlmFromEnv`. */
  llm: LlmClient;
  /** How to reach that LLM (base URL, key, model) for the agent's own client. */
  connection: LlmConnection;
  /** Sandy base URL and API key. */
  sandy: { baseUrl: string; apiKey?: string };
  logger: Logger;
  /** HTTP client for Sandy (tests). */
  fetch?: typeof fetch;
}

/**
 * The baseline LangChain competitor: a `ChatOpenAI` model streams simple
 * answers directly; complex prompts run a LangChain tool-calling agent whose
 * tools (`run_command`, `write_file`, `read_file`) execute in a Sandy
 * sandbox, with every step streamed as reasoning and Janus tool events and
 * the files under `/workspace/artifacts` returned as artifacts. When Sandy
 * is unreachable or refuses to create a sandbox, complex prompts get a clear
 * answer saying so and `/health` reports `degraded`.
 *
 * @param options See {@link BaselineLangChainOptions}.
 * @returns The competitor (a Fetch handler) and its Sandy monitor.
 */
export function createBaselineLangChain(options: BaselineLangChainOptions): {
  competitor: Competitor;
  monitor: SandyMonitor;
} {
  const { llm, connection, logger } = options;
  const monitor = createSandyMonitor({
    baseURL: options.sandy.baseUrl,
    fetch: options.fetch,
  });
  const sandy = createSandyClient({
    baseURL: options.sandy.baseUrl,
    apiKey: options.sandy.apiKey,
    fetch: options.fetch,
  });
  const modelFields: ChatOpenAIFields = {
    model: connection.model,
    apiKey: connection.apiKey,
    configuration: {
      baseURL: connection.baseURL,
      // Tool calls the LLM streams without an id get one, so LangChain runs
      // them instead of filing them under invalid_tool_calls.
      fetch: createToolCallIdRepairFetch(),
    },
    streamUsage: true,
    // The agent's steps: one retry, since nothing retries a step that failed
    // half-way through a run.
    maxRetries: 1,
  };
  // The agent's model: its sampling is the competitor's choice, not the client's.
  const model = new ChatOpenAI(modelFields);
  const competitor = createCompetitor({
    id: 'baseline-langchain',
    name: 'Baseline LangChain',
    description:
      'Reference competitor built with LangChain.js: a ChatOpenAI tool-calling agent whose tools run in Sandy.',
    llm: llm.info,
    logger,
    // Sandy's state, and whether the LLM answered lately (`degraded` if not).
    health: async () => ({ ...(await monitor.health()), ...llm.health() }),
    async handle(request, stream, context) {
      const { signal } = context;
      const decision = await classifyRequest(request);
      if (decision.path === 'fast') {
        // Client-defined tools are forwarded as tool calls by the kit's fast path.
        if (request.tools?.length) {
          await fastPath({ llm, request, stream, signal });
          return;
        }
        // The client's parameters (temperature, max_tokens, response_format,
        // …) need a ChatOpenAI of their own: most are constructor fields.
        const { fields, callOptions } = toChatOpenAIOptions(request);
        const { usage, finishReason } = await runLangChainFastPath({
          // No retries on the fast path: the gateway retries a failed
          // answer (and tells OpenAI clients not to, with `x-should-retry`);
          // one here as well made every gateway attempt two LLM calls.
          model: new ChatOpenAI({ ...modelFields, ...fields, maxRetries: 0 }),
          messages: toLangChainMessages(request.messages),
          callOptions,
          stream,
          signal,
        });
        stream.usage(llm.priceUsage(usage));
        stream.finish(finishReason);
        return;
      }
      if (!(await monitor.isAvailable())) {
        logger.warn('agent path requested but Sandy is unavailable', {
          reason: monitor.lastError,
          request_id: context.requestId,
        });
        stream.reasoning(
          `Routing: agent path (${decision.reason}); the sandbox is unavailable.\n`,
        );
        stream.content(SANDBOX_UNAVAILABLE_MESSAGE);
        return;
      }
      stream.reasoning(
        `Routing: agent path (${decision.reason}). Creating a sandbox…\n`,
      );
      let created = false;
      try {
        await withSandbox({ sandy, stream, signal, logger }, async sandbox => {
          created = true;
          stream.reasoning(
            `Sandbox ${sandbox.id} ready; starting the LangChain agent.\n`,
          );
          const usage = await runLangChainAgent({
            model,
            messages: toLangChainMessages(request.messages),
            sandbox,
            stream,
            signal,
          });
          stream.usage(llm.priceUsage(usage));
          stream.reasoning('Collecting artifacts from /workspace/artifacts…\n');
          stream.artifacts(
            await collectArtifacts({
              sandbox,
              store: context.artifacts,
              logger: context.logger,
            }),
          );
        });
      } catch (error) {
        if (created || signal.aborted) throw error;
        // Sandy answered /health but refused the sandbox (down, over capacity).
        const reason = error instanceof Error ? error.message : String(error);
        monitor.markUnavailable(`sandbox creation failed: ${reason}`);
        logger.warn('sandbox creation failed', {
          reason,
          request_id: context.requestId,
        });
        stream.content(SANDBOX_UNAVAILABLE_MESSAGE);
      }
    },
  });
  return { competitor, monitor };
}
