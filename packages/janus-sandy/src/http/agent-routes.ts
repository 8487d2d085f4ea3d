import {
  type AgentEvent,
  agentRunRequestSchema,
  createSseResponse,
  encodeSseData,
  isAbortError,
  JanusError,
  toJanusError,
} from '@janus/protocol';
import { checkClientBaseUrl } from '../agent/resolve-agent-llm';
import { runBuiltinAgent } from '../agent/run-builtin-agent';
import { validateEnv } from '../core/validate-env';
import { readJsonBody } from './read-json-body';
import type { RouteContext } from './route-context';

/** The longest delay a Node timer honours (2^31 - 1 ms). */
const maxTimerMs = 2_147_483_647;

/**
 * `POST /api/sandboxes/:id/agent/run` → SSE of agent events (`status`,
 * `output`, `agent-output`, `files-update`, `heartbeat`, then `error` if it
 * failed, and always a final `complete {success, exitCode, duration}`), as
 * `data: <json>` frames; the stream ends after `complete` (no `[DONE]`, like
 * hosted Sandy). Only `agent: "builtin"` (alias `run_agent`) runs here.
 * Bad bodies, unknown (404) or terminated (409) sandboxes and a second
 * concurrent run (409) fail before the stream starts.
 */
export async function handleAgentRun(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const body = await readJsonBody({
    request: context.request,
    schema: agentRunRequestSchema,
    maxBytes: context.maxBodyBytes,
    requireJsonContentType: context.requireJsonContentType,
    subject: 'agent run request',
  });
  // A refused apiBaseUrl fails now (400), before the stream starts.
  checkClientBaseUrl(body, context.agent);
  // Bad env names fail now (400), not in every command of the run.
  validateEnv(body.env, 'env');
  validateEnv(body.envVars, 'envVars');
  const { agent } = context;
  // Capped at the timer range (about 24.8 days): beyond it Node fires at once
  // or throws. The sandbox's TTL ends a run earlier anyway.
  const maxDurationMs = Math.min(
    (body.maxDuration ?? agent.defaultMaxDurationSeconds) * 1000,
    maxTimerMs,
  );
  const deadline = AbortSignal.timeout(maxDurationMs);
  const run = context.manager.startAgentRun(id);
  const started = Date.now();
  const clientGone = new AbortController();
  const signal = AbortSignal.any([run.signal, deadline, clientGone.signal]);
  const stream = new ReadableStream<string>({
    start(controller) {
      let open = true;
      const emit = (event: AgentEvent) => {
        if (open) controller.enqueue(encodeSseData(event));
      };
      const heartbeat = setInterval(
        () =>
          emit({
            type: 'heartbeat',
            elapsed: Math.round((Date.now() - started) / 100) / 10,
          }),
        agent.heartbeatIntervalMs,
      );
      const work =
        body.agent === 'builtin' || body.agent === 'run_agent'
          ? runBuiltinAgent({
              manager: context.manager,
              sandboxId: id,
              request: body,
              config: agent,
              signal,
              emit,
            })
          : Promise.reject(
              new JanusError({
                message: `agent ${body.agent} is not available in @janus/sandy (only "builtin" runs locally)`,
                code: 'invalid_request',
              }),
            );
      work
        .then(
          () => ({ success: true, exitCode: 0 }),
          error => {
            emit({
              type: 'error',
              error: describeFailure(error, {
                deadline,
                maxDurationMs,
                cancel: run.signal,
              }),
            });
            return { success: false, exitCode: 1 };
          },
        )
        .then(outcome => {
          emit({
            type: 'complete',
            ...outcome,
            duration: Math.round((Date.now() - started) / 100) / 10,
          });
          clearInterval(heartbeat);
          run.done();
          if (open) controller.close();
          open = false;
        });
      clientGone.signal.addEventListener('abort', () => {
        open = false;
        clearInterval(heartbeat);
      });
    },
    cancel() {
      clientGone.abort();
    },
  });
  return createSseResponse(stream);
}

/** `POST /api/sandboxes/:id/agent/cancel` → `{cancelled}` (false when nothing ran). */
export function handleAgentCancel(context: RouteContext, id: string): Response {
  return Response.json({
    sandboxId: id,
    cancelled: context.manager.cancelAgentRun(id),
  });
}

function describeFailure(
  error: unknown,
  signals: {
    deadline: AbortSignal;
    maxDurationMs: number;
    cancel: AbortSignal;
  },
): string {
  if (signals.deadline.aborted)
    return `The agent exceeded its maxDuration of ${signals.maxDurationMs / 1000} s`;
  if (signals.cancel.aborted)
    return toJanusError(signals.cancel.reason).message;
  if (isAbortError(error)) return 'The agent run was aborted';
  const janusError = toJanusError(error);
  return janusError.code === 'internal_error'
    ? `Agent failed: ${String((error as Error)?.message ?? error)}`
    : janusError.message;
}
