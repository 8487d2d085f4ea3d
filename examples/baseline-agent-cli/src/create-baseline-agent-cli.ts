import {
  type Competitor,
  classifyRequest,
  createCompetitor,
  createSandyMonitor,
  fastPath,
  type LlmClient,
  type Logger,
  type SandyMonitor,
} from '@janus/competitor-kit';
import type { LlmConnection } from '@janus/competitor-kit/node';
import { runSandyPath } from './run-sandy-path';

/** What a complex prompt gets when Sandy cannot be reached (content, HTTP 200). */
export const SANDBOX_UNAVAILABLE_MESSAGE =
  'The agent sandbox is currently unavailable, so I cannot run code, use tools or create files for this request. Please try again later.';

/** Options of {@link createBaselineAgentCli}. */
export interface BaselineAgentCliOptions {
  /** The upstream LLM client (fast path, `/health`), e.g. from `startLlmFromEnv`. */
  llm: LlmClient;
  /** How to reach that LLM (base URL, key, model) for the agent's own client. */
  connection: LlmConnection;
  /** Sandy base URL and API key. */
  sandy: { baseUrl: string; apiKey?: string };
  /** The Sandy agent to run (`builtin`, or a CLI agent the hosted Sandy offers). */
  agent: string;
  logger: Logger;
  /** HTTP client for Sandy (tests). */
  fetch?: typeof fetch;
}

/**
 * The baseline agent-CLI competitor: simple prompts take the fast path (a
 * direct LLM stream); complex ones run an agent in a Sandy sandbox, streamed
 * as reasoning, tool events and an answer, with the files it wrote returned
 * as artifacts. When Sandy is unreachable, complex prompts get a clear
 * answer saying so and `/health` reports `degraded`.
 *
 * @param options See {@link BaselineAgentCliOptions}.
 * @returns The competitor (a Fetch handler) and its Sandy monitor.
 */
export function createBaselineAgentCli(options: BaselineAgentCliOptions): {
  competitor: Competitor;
  monitor: SandyMonitor;
} {
  const { llm, logger } = options;
  const monitor = createSandyMonitor({
    baseURL: options.sandy.baseUrl,
    fetch: options.fetch,
  });
  const competitor = createCompetitor({
    id: 'baseline-agent-cli',
    name: 'Baseline Agent CLI',
    description:
      'Reference competitor: fast path for simple prompts, a Sandy sandbox agent for complex ones.',
    llm: llm.info,
    logger,
    // Sandy's state, and whether the LLM answered lately (`degraded` if not).
    health: async () => ({ ...(await monitor.health()), ...llm.health() }),
    async handle(request, stream, context) {
      const decision = await classifyRequest(request);
      if (decision.path === 'fast') {
        await fastPath({
          llm,
          request,
          stream,
          signal: context.signal,
        });
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
      await runSandyPath({
        ...options,
        monitor,
        request,
        stream,
        context,
        reason: decision.reason,
        unavailableMessage: SANDBOX_UNAVAILABLE_MESSAGE,
      });
    },
  });
  return { competitor, monitor };
}
