import {
  type Competitor,
  classifyRequest,
  collectArtifacts,
  createCompetitor,
  createSandyClient,
  fastPath,
  type Logger,
  withSandbox,
} from '@janus/competitor-kit';
import { ChatOpenAI } from '@langchain/openai';
import { createSandyMonitor, type SandyMonitor } from './create-sandy-monitor';
import type { ResolvedLlm } from './resolve-llm';
import { runLangChainAgent } from './run-langchain-agent';
import { runLangChainFastPath } from './run-langchain-fast-path';
import { toLangChainMessages } from './to-langchain-messages';

/** What a complex prompt gets when Sandy cannot be reached (content, HTTP 200). */
export const SANDBOX_UNAVAILABLE_MESSAGE =
  'The agent sandbox is currently unavailable, so I cannot run code, use tools or create files for this request. Please try again later.';

/** Options of {@link createBaselineLangChain}. */
export interface BaselineLangChainOptions {
  /** The upstream LLM (`ChatOpenAI` points at the same OpenAI-compatible URL). */
  llm: ResolvedLlm;
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
 * the files under `/workspace/artifacts` returned as artifacts.
 *
 * @param options See {@link BaselineLangChainOptions}.
 * @returns The competitor (a Fetch handler) and its Sandy monitor.
 */
export function createBaselineLangChain(options: BaselineLangChainOptions): {
  competitor: Competitor;
  monitor: SandyMonitor;
} {
  const { llm, logger } = options;
  const monitor = createSandyMonitor({
    baseUrl: options.sandy.baseUrl,
    fetch: options.fetch,
  });
  const sandy = createSandyClient({
    baseURL: options.sandy.baseUrl,
    apiKey: options.sandy.apiKey,
    fetch: options.fetch,
  });
  const model = new ChatOpenAI({
    model: llm.model,
    apiKey: llm.apiKey,
    configuration: { baseURL: llm.baseURL },
    streamUsage: true,
    maxRetries: 1,
  });
  const competitor = createCompetitor({
    id: 'baseline-langchain',
    name: 'Baseline LangChain',
    description:
      'Reference competitor built with LangChain.js: a ChatOpenAI tool-calling agent whose tools run in Sandy.',
    llm: llm.client.info,
    logger,
    async health() {
      const available = await monitor.isAvailable();
      return {
        status: available ? 'ok' : 'degraded',
        sandbox_available: available,
        ...(monitor.lastError && { sandbox_error: monitor.lastError }),
      };
    },
    async handle(request, stream, context) {
      const { signal } = context;
      const decision = await classifyRequest(request);
      if (decision.path === 'fast') {
        // Client-defined tools are forwarded as tool calls by the kit's fast path.
        if (request.tools?.length) {
          await fastPath({ llm: llm.client, request, stream, signal });
          return;
        }
        const messages = toLangChainMessages(request.messages);
        const usage = await runLangChainFastPath({
          model,
          messages,
          stream,
          signal,
        });
        stream.usage(llm.client.priceUsage(usage));
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
      await withSandbox({ sandy, stream, signal, logger }, async sandbox => {
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
        stream.usage(llm.client.priceUsage(usage));
        stream.reasoning('Collecting artifacts from /workspace/artifacts…\n');
        stream.artifacts(
          await collectArtifacts({ sandbox, store: context.artifacts }),
        );
      });
    },
  });
  return { competitor, monitor };
}
