import {
  ChatCompletionAccumulator,
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  createErrorResponse,
  isAbortError,
  JanusError,
  SSE_HEADERS,
  safeParseJsonWith,
  type Usage,
} from '@janus/protocol';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { toAnswerError } from '../internal/artifact-descriptor';
import { cancellationOf } from '../internal/cancellation-of';
import { randomId } from '../internal/random-id';
import type { Logger } from '../logger/logger';
import { createCompletionStream } from './completion-stream';
import { createCleanups } from './create-cleanups';
import { createSseBody } from './create-sse-body';
import {
  type CompetitorContext,
  type CompetitorHandler,
  runHandler,
} from './run-handler';

const zeroUsage: Usage = {
  prompt_tokens: 0,
  completion_tokens: 0,
  total_tokens: 0,
};

/** @internal Settings of the chat endpoint. */
export interface ChatCompletionSettings<Context extends CompetitorContext> {
  id: string;
  handle: CompetitorHandler<Context>;
  logger: Logger;
  heartbeatMs: number;
  /** Requests in flight (until their stream ends), for `/health`. */
  inFlight: { count: number };
  /** Adds competitor-specific fields to the context. */
  extendContext(context: CompetitorContext): Context;
  artifacts: ArtifactStore;
}

/**
 * @internal `POST /v1/chat/completions`: validates the body, runs the handler
 * once, and answers as SSE or as one accumulated `chat.completion`.
 */
export async function handleChatCompletion<Context extends CompetitorContext>(
  httpRequest: Request,
  settings: ChatCompletionSettings<Context>,
  /** The server's `waitUntil` (`FetchContext`): it waits for the cleanups. */
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<Response> {
  const requestId =
    httpRequest.headers.get('x-request-id') ?? `req_${randomId(24)}`;
  const headers = { 'x-request-id': requestId };
  const parsed = safeParseJsonWith({
    text: await httpRequest.text(),
    schema: chatCompletionRequestSchema,
    subject: 'chat completion request',
  });
  if (!parsed.success) return createErrorResponse(parsed.error, { headers });
  // A Janus answer carries one choice (the stream writer has no `index`):
  // asking for more is refused rather than silently answered with one.
  if ((parsed.value.n ?? 1) > 1)
    return createErrorResponse(
      new JanusError({
        message: `n = ${parsed.value.n} is not supported: this competitor answers with one choice; send n = 1 or leave it out`,
        code: 'invalid_request',
        param: 'n',
      }),
      { headers },
    );

  settings.inFlight.count++;
  const controller = new AbortController();
  const cleanups = createCleanups({
    logger: settings.logger,
    requestId,
    waitUntil,
  });
  controller.signal.addEventListener('abort', () => void cleanups.run(), {
    once: true,
  });
  const abort = () => controller.abort(httpRequest.signal.reason);
  if (httpRequest.signal.aborted) abort();
  httpRequest.signal.addEventListener('abort', abort, { once: true });
  const context = settings.extendContext({
    signal: controller.signal,
    requestId,
    httpRequest,
    onCleanup: cleanup => cleanups.add(cleanup),
    logger: settings.logger,
    artifacts: settings.artifacts,
  });
  const run = {
    request: parsed.value,
    context,
    controller,
    settings,
    headers,
    finish: async () => {
      settings.inFlight.count--;
      httpRequest.signal.removeEventListener('abort', abort);
      await cleanups.run();
    },
  };
  return parsed.value.stream === true ? streamAnswer(run) : completeAnswer(run);
}

interface Run<Context extends CompetitorContext> {
  request: ChatCompletionRequest;
  context: Context;
  controller: AbortController;
  settings: ChatCompletionSettings<Context>;
  headers: Record<string, string>;
  finish(): Promise<void>;
}

function identity(settings: { id: string }) {
  return {
    id: `chatcmpl-${randomId(24)}`,
    model: settings.id,
    created: Math.floor(Date.now() / 1000),
  };
}

async function completeAnswer<Context extends CompetitorContext>(
  run: Run<Context>,
): Promise<Response> {
  const accumulator = new ChatCompletionAccumulator();
  const stream = createCompletionStream({
    ...identity(run.settings),
    signal: run.controller.signal,
    sink: {
      write: chunk => accumulator.push(chunk),
      ready: () => Promise.resolve(),
    },
  });
  try {
    await runHandler({
      handle: run.settings.handle,
      request: run.request,
      stream,
      context: run.context,
    });
    if (stream.failure) throw stream.failure.error;
    // A shutdown's abort (a JanusError reason: the client is still there)
    // ends the answer with that error, as it ends a stream, also when the
    // handler returned (a generator `return()`ed, an agent stream cut short).
    const { signal } = run.controller;
    if (signal.aborted && JanusError.isInstance(signal.reason))
      throw signal.reason;
  } catch (error) {
    return failedAnswer(run, error);
  } finally {
    await run.finish();
  }
  stream.finish();
  // A non-stream answer always carries usage (OpenAI does), zeros if unknown.
  accumulator.push(stream.usageChunk(stream.totalUsage ?? zeroUsage));
  return Response.json(accumulator.toChatCompletion(), {
    headers: run.headers,
  });
}

async function streamAnswer<Context extends CompetitorContext>(
  run: Run<Context>,
): Promise<Response> {
  const { settings, controller } = run;
  const body = createSseBody({
    heartbeatMs: settings.heartbeatMs,
    onCancel: reason => controller.abort(reason),
  });
  let commit!: () => void;
  const committed = new Promise<'committed'>(resolve => {
    commit = () => resolve('committed');
  });
  const stream = createCompletionStream({
    ...identity(settings),
    signal: controller.signal,
    sink: {
      write: chunk => {
        body.write(chunk);
        commit();
      },
      ready: body.ready,
    },
  });
  // A silent handler still gets its headers (and pings) after one heartbeat
  // period; until then an error can become a proper HTTP status.
  const commitTimer = setTimeout(commit, settings.heartbeatMs / 2);
  const outcome = runHandler({
    handle: settings.handle,
    request: run.request,
    stream,
    context: run.context,
  }).then(
    () => ({ error: stream.failure?.error }),
    (error: unknown) => ({ error: error ?? new Error('handler failed') }),
  );
  const first = await Promise.race([committed, outcome]);
  clearTimeout(commitTimer);
  if (first !== 'committed' && first.error !== undefined && !body.written) {
    await run.finish();
    return failedAnswer(run, first.error);
  }
  stream.begin();
  body.startHeartbeat();
  void outcome.then(async ({ error }) => {
    // A server shutdown (`serve().close()`) aborts with a JanusError: the
    // client is still connected and gets it as the final event. A client
    // that went away aborts with an AbortError and gets nothing more.
    const reason: unknown = controller.signal.aborted
      ? controller.signal.reason
      : undefined;
    if (JanusError.isInstance(reason)) {
      body.fail(reason);
    } else if (error !== undefined) {
      if (!controller.signal.aborted && !isAbortError(error)) {
        settings.logger.error('handler failed', describe(run, error));
        body.fail(toAnswerError(error));
      }
    } else if (!controller.signal.aborted) {
      stream.finish();
      const usage = stream.totalUsage ?? zeroUsage;
      body.end(
        run.request.stream_options?.include_usage
          ? stream.usageChunk(usage)
          : undefined,
      );
    }
    body.end();
    await run.finish();
  });
  return new Response(body.stream, {
    headers: { ...SSE_HEADERS, ...run.headers },
  });
}

/**
 * The HTTP error answer of a handler run that failed before its first byte.
 *
 * Once the request's signal is aborted, its reason is the answer, whatever
 * the handler threw while being torn down (an SSE read that "failed" on the
 * abort, a wrapped or a plain `AbortError`) and nothing is logged: a client
 * that went away gets 499 (nobody reads it); an abort whose reason is a
 * `JanusError`, as `serve().close()`'s 503 `upstream_unavailable` is, gets
 * that error.
 *
 * Any other failure carries `x-should-retry: false` (the OpenAI SDK
 * convention, which the gateway honours): the handler already did its work
 * (LLM calls with the LLM client's own retries, a sandbox), so sending the
 * request again would repeat it, and a gateway would otherwise retry a
 * 429/502/503/504 as a cold start. The shutdown's 503 stays retryable: the
 * work was stopped, not failed, and another instance can take it.
 */
function failedAnswer<Context extends CompetitorContext>(
  run: Run<Context>,
  error: unknown,
): Response {
  const { signal } = run.controller;
  if (signal.aborted)
    return createErrorResponse(cancellationOf(signal), {
      headers: run.headers,
    });
  if (!isAbortError(error))
    run.settings.logger.error('handler failed', describe(run, error));
  return createErrorResponse(toAnswerError(error), {
    headers: { ...run.headers, 'x-should-retry': 'false' },
  });
}

function describe(
  run: { context: { requestId: string } },
  error: unknown,
): Record<string, unknown> {
  return {
    requestId: run.context.requestId,
    error: error instanceof Error ? error.message : String(error),
  };
}
