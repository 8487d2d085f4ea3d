import {
  JanusError,
  type OpenAiChatCompletionRequest,
  openAiChatCompletionRequestSchema,
  SSE_HEADERS,
  safeParseJsonWith,
  TimeoutError,
  UpstreamError,
} from '@janus/protocol';
import { ArtifactRewriter } from '../artifacts/artifact-rewriter';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';
import { describeErrorChain } from '../internal/describe-error-chain';
import {
  DIRECT_BODY,
  type DirectBodyClaim,
  fromNodeAdapter,
  onClientGone,
  UpstreamAbort,
} from '../internal/direct-io';
import {
  createLazyResponse,
  responseHeaderOf,
} from '../internal/lazy-response';
import type { CompetitorEntry } from '../registry/competitor-registry';
import { VERSION } from '../version';
import {
  competitorRefusedRetry,
  fetchUpstream,
  type UpstreamConnection,
  type UpstreamTarget,
} from './fetch-upstream';
import { type ChatPathOptions, handleNonStream } from './handle-non-stream';
import { createProxySseBody } from './proxy-sse-stream';
import { readRequestText } from './read-request-text';

/**
 * `POST /v1/chat/completions`: validate, route, forward, then either stream
 * (SSE pass-through) or answer with the competitor's JSON.
 *
 * Stream error rule: the gateway waits up to `keepAliveIntervalMs` for the
 * upstream's answer before it commits to a `200` event stream (its own retry
 * delays do not count: they are not waiting for the competitor). A failure
 * in that window (validation, routing, connect error, non-2xx after retries)
 * is an HTTP error status with an OpenAI error body. After it (the `200` is
 * out, or the upstream answered 2xx), a failure is one `data: {"error":…}`
 * event followed by `data: [DONE]`.
 *
 * An error answer of a request the gateway already sent more than once, or
 * that the competitor marked `x-should-retry: false`, carries
 * `x-should-retry: false`: OpenAI SDKs retry 5xx answers themselves, which
 * would multiply the gateway's attempts.
 *
 * @internal
 */
export async function handleChatCompletion(
  context: GatewayContext,
  scope: RequestScope,
): Promise<Response> {
  const text = await readRequestText(
    scope.request,
    context.options.maxBodyBytes,
  );
  // Every request the official client can send (custom tools too): the
  // gateway forwards what it does not read; the competitor decides.
  const parsed = safeParseJsonWith({
    text,
    schema: openAiChatCompletionRequestSchema,
    subject: 'chat completion request',
  });
  if (!parsed.success) throw parsed.error;
  const body: OpenAiChatCompletionRequest = parsed.value;
  const { entry, reason } = context.registry.select({
    competitorId: body.competitor_id ?? undefined,
    model: body.model,
  });
  scope.competitor = entry.config.id;
  // On every answer from here on, errors included.
  scope.responseHeaders['x-janus-competitor'] = entry.config.id;
  context.logger.log({
    level: 'debug',
    msg: 'request.routed',
    request_id: scope.requestId,
    competitor: entry.config.id,
    reason,
    stream: body.stream === true,
  });
  // The competitor gets the client's own text (no re-encoding; large image
  // payloads pass through untouched) unless the Janus routing field must go.
  let forwardedText = text;
  if ('competitor_id' in body) {
    const { competitor_id: _removed, ...forwarded } = body;
    forwardedText = JSON.stringify(forwarded);
  }
  const upstream = new UpstreamAbort();
  // The client going away aborts the upstream at once.
  scope.cleanups.push(
    onClientGone(scope.request, reason => upstream.abort(reason)),
  );
  const { timeouts, retry } = context.options;
  const stream = body.stream === true;
  const route: Route = { entry, tried: undefined, committed: false };
  const connection = fetchUpstream({
    fetch: context.options.fetch,
    url: chatUrl(entry),
    init: {
      method: 'POST',
      headers: upstreamHeaders(entry, scope, stream),
      body: forwardedText,
    },
    controller: upstream,
    attempts: retry.attempts,
    baseDelayMs: retry.baseDelayMs,
    maxDelayMs: retry.maxDelayMs,
    firstByteMs: timeouts.firstByteMs,
    stream,
    nextTarget:
      reason === 'default' && retry.failover
        ? error => failOver(context, scope, route, stream, error)
        : undefined,
    onRetry: info => {
      scope.retries++;
      scope.retryDelayMs += info.delayMs;
      context.metrics.countRetry(route.entry.config.id);
      context.logger.log({
        level: 'warn',
        msg: 'upstream.retry',
        request_id: scope.requestId,
        competitor: route.entry.config.id,
        attempt: info.attempt,
        delay_ms: info.delayMs,
        reason: info.reason,
      });
    },
    // Passive health: once per request, only when it failed that way.
    onUnreachable: error => context.reportUnreachable(scope, error),
  });
  const rewriter = () =>
    new ArtifactRewriter({
      index: context.options.artifactIndex,
      competitorId: route.entry.config.id,
      competitorUrl: route.entry.config.url,
      artifactOrigins: route.entry.config.artifactOrigins,
      publicBaseUrl: context.options.publicBaseUrl,
      logger: context.logger,
      requestId: scope.requestId,
    });
  const commit = () => {
    route.committed = true;
  };
  // `close({ abortInFlight })` ends the request with its error: until a
  // stream has its body (then the relay ends it) by aborting the upstream.
  const abortUpstream = (error: JanusError) => upstream.abort(error);
  context.inFlight.add(abortUpstream);
  try {
    const path = { context, scope, connection, upstream, rewriter, commit };
    return await (stream ? handleStream(path) : handleNonStream(path));
  } catch (error) {
    if (
      scope.retries > 0 ||
      competitorRefusedRetry(error) ||
      mayHaveStartedWork(error)
    )
      scope.responseHeaders['x-should-retry'] = 'false';
    throw error;
  } finally {
    context.inFlight.delete(abortUpstream);
  }
}

/** Which competitor a request is going to, as failover may change it. */
interface Route {
  entry: CompetitorEntry;
  /** Ids already tried (made on the first failover). */
  tried: string[] | undefined;
  /** The stream's `200` went out: no more failover. */
  committed: boolean;
}

function chatUrl(entry: CompetitorEntry): string {
  return `${entry.config.url}/v1/chat/completions`;
}

/**
 * The `nextTarget` of a default-routed request: its competitor refused the
 * connection, so the request goes on to another enabled competitor not known
 * to be down (each one once). The one left behind gets a failed passive
 * health check now, as the request will not end with it.
 */
function failOver(
  context: GatewayContext,
  scope: RequestScope,
  route: Route,
  stream: boolean,
  error: unknown,
): UpstreamTarget | undefined {
  if (route.committed) return undefined;
  const from = route.entry.config.id;
  route.tried ??= [from];
  const next = context.registry.alternative(route.tried);
  if (next === undefined) return undefined;
  context.reportUnreachable(scope, error);
  const to = next.config.id;
  route.tried.push(to);
  route.entry = next;
  scope.competitor = to;
  scope.responseHeaders['x-janus-competitor'] = to;
  context.metrics.countFailover({ from, to });
  context.logger.log({
    level: 'warn',
    msg: 'upstream.failover',
    request_id: scope.requestId,
    competitor: to,
    from,
    reason: describeErrorChain(error),
  });
  return { url: chatUrl(next), headers: upstreamHeaders(next, scope, stream) };
}

/**
 * A failure after the competitor got the request (it closed the connection
 * before answering, or timed out other than while connecting): it may be
 * working on it, so neither the gateway nor the client should send it again.
 */
function mayHaveStartedWork(error: unknown): boolean {
  if (UpstreamError.isInstance(error)) return !error.isRetryable;
  return TimeoutError.isInstance(error) && error.phase !== 'connect';
}

async function handleStream(options: ChatPathOptions): Promise<Response> {
  const { context, scope, upstream } = options;
  const connection = options.connection.then(requireEventStream);
  // Nothing is sent for up to one keep-alive interval of waiting for the
  // competitor: an early failure still gets its real HTTP status. The
  // gateway's own retry delays extend the window (a competitor that refuses
  // every attempt is a 503, not a 200 and an error event).
  const keepAliveMs = context.options.keepAliveIntervalMs;
  const windowStartedAt = Date.now();
  // One promise settled by whichever comes first (not `Promise.race`, which
  // would add a promise and two reactions per stream request).
  const early = await new Promise<'ready' | 'waiting' | { error: unknown }>(
    resolve => {
      const check = () => {
        const left =
          windowStartedAt + keepAliveMs + scope.retryDelayMs - Date.now();
        if (keepAliveMs > 0 && left > 0) timer = setTimeout(check, left);
        else resolve('waiting');
      };
      let timer = setTimeout(check, keepAliveMs);
      connection.then(
        () => {
          clearTimeout(timer);
          resolve('ready');
        },
        (error: unknown) => {
          clearTimeout(timer);
          resolve({ error });
        },
      );
    },
  );
  if (typeof early === 'object') {
    upstream.abort(early.error);
    throw early.error;
  }
  // The 200 names its competitor: from here on the request stays with it.
  options.commit();
  const competitor = scope.competitor!;
  const { timeouts } = context.options;
  context.metrics.trackStream(competitor, 1);
  scope.deferFinish = true;
  const endStream = (error: JanusError) => proxy.fail(error);
  const proxy = createProxySseBody({
    connection,
    abortUpstream: reason => upstream.abort(reason),
    keepAliveIntervalMs: context.options.keepAliveIntervalMs,
    firstByteMs: timeouts.firstByteMs,
    idleMs: timeouts.idleMs,
    totalMs: timeouts.totalMs,
    deadline:
      timeouts.totalMs > 0
        ? scope.startedAt + timeouts.totalMs
        : Number.POSITIVE_INFINITY,
    maxEventSize: context.options.maxEventSize,
    rewriter: options.rewriter(),
    onFirstData: () => {
      scope.ttftMs = Date.now() - scope.startedAt;
      context.metrics.observeTtft(competitor, scope.ttftMs);
    },
    onFinish: outcome => {
      context.inFlight.delete(endStream);
      context.metrics.trackStream(competitor, -1);
      const error = outcome.cancelled
        ? new JanusError({ message: 'The client went away', code: 'cancelled' })
        : outcome.error;
      context.finish(scope, {
        status: 200,
        error,
        appendedDone: outcome.appendedDone,
      });
    },
  });
  // A client that goes away is a cancel, not a competitor failure. Runtimes
  // differ in what they report first (the request's signal or the body's
  // cancel); the signal's earlier listener has already aborted the upstream,
  // but the failed read reaches the relay only after this listener ran.
  scope.cleanups.push(onClientGone(scope.request, () => proxy.cancel()));
  context.inFlight.add(endStream);
  const headers = { ...SSE_HEADERS, ...scope.responseHeaders };
  // For the Node adapter, which claims the direct body, a response without
  // a Web stream or `Headers` until somebody asks (internal/lazy-response.ts);
  // any other host gets an ordinary `Response`.
  const response: Response & { [DIRECT_BODY]?: DirectBodyClaim } =
    fromNodeAdapter(scope.request)
      ? createLazyResponse({ status: 200, headers, body: proxy.body })
      : new Response(proxy.body(), { status: 200, headers });
  // The Node adapter writes this stream without Web streams (direct-io.ts).
  response[DIRECT_BODY] = proxy[DIRECT_BODY];
  return response;
}

function upstreamHeaders(
  entry: CompetitorEntry,
  scope: RequestScope,
  stream: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    // A compressing competitor may hold SSE events back until its buffer
    // fills; the Node fetch still decompresses if one compresses anyway.
    'accept-encoding': 'identity',
    'x-request-id': scope.requestId,
    'user-agent': `janus-gateway/${VERSION}`,
  };
  // The competitor's own key; the client's key never leaves the gateway.
  if (entry.config.apiKey)
    headers.authorization = `Bearer ${entry.config.apiKey}`;
  return headers;
}

async function requireEventStream(
  connection: UpstreamConnection,
): Promise<UpstreamConnection> {
  const type = responseHeaderOf(connection.response, 'content-type') ?? '';
  if (type.includes('text/event-stream')) return connection;
  connection.response.body?.cancel().catch(() => {});
  throw new UpstreamError({
    message: `The competitor answered a stream request with '${type || 'no content type'}' instead of text/event-stream`,
    code: 'invalid_response',
    statusCode: connection.response.status,
    isRetryable: false,
  });
}
