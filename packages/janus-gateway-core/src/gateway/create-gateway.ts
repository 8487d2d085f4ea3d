import {
  createErrorResponse,
  JanusError,
  type JanusError as JanusErrorType,
  methodNotAllowedError,
  toErrorStatus,
  toHeadResponse,
  toJanusError,
} from '@janus/protocol';
import { handleArtifactRequest } from '../artifacts/handle-artifact-request';
import { handleChatCompletion } from '../chat/handle-chat-completion';
import { describeErrorChain } from '../internal/describe-error-chain';
import { headerOf, pathnameOf } from '../internal/request-head';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { CompetitorRegistry } from '../registry/competitor-registry';
import { HealthChecker } from '../registry/health-checker';
import { handleHealth } from '../routes/handle-health';
import { handleModel, handleModels } from '../routes/handle-models';
import { authenticate, enforceRateLimit } from './authenticate';
import type { GatewayContext, RequestScope } from './gateway-context';
import type { GatewayOptions } from './gateway-options';
import { resolveGatewayOptions } from './resolve-gateway-options';

/** A gateway: a Fetch-API handler plus its registry. */
export interface Gateway {
  /** Handles one request (any runtime: Node via `./node`, edge, Next route handlers). */
  fetch(request: Request): Promise<Response>;
  /** The competitors and their health; `registry.checkHealth()` runs one round now. */
  registry: CompetitorRegistry & { checkHealth(): Promise<void> };
  /** Prometheus text of the gateway metrics (also served at `GET /metrics`). */
  metrics: GatewayMetrics;
  /**
   * Stops health checks. Requests in flight continue until they end, unless
   * `abortInFlight`: then each ends at once with a 503 `upstream_unavailable`
   * ("The gateway is shutting down…"), a stream with that final error event
   * and `[DONE]`, and its upstream request is aborted. For the end of a
   * server's shutdown grace period.
   */
  close(options?: { abortInFlight?: boolean }): Promise<void>;
}

/**
 * Creates the Janus gateway (the orchestrator: routing table and request
 * boundary). Routes: `POST /v1/chat/completions`, `GET /v1/models`,
 * `GET /v1/models/:id`, `GET /v1/artifacts/:id`, `GET /health`,
 * `GET /metrics`; HEAD wherever GET is, OPTIONS (204) and 405
 * `method_not_allowed` with `allow` on those paths.
 * Every answer carries `x-request-id`; every error is an OpenAI error body
 * with the right status.
 *
 * @param options See {@link GatewayOptions}.
 * @returns `{ fetch, registry, metrics, close }`.
 * @example
 * ```ts
 * const gateway = createGateway({
 *   competitors: [{ id: 'baseline', url: 'http://127.0.0.1:8001' }],
 * });
 * const response = await gateway.fetch(new Request('http://gateway/v1/models'));
 * ```
 */
export function createGateway(options: GatewayOptions): Gateway {
  const resolved = resolveGatewayOptions(options);
  const logger = resolved.logger;
  const registry = new CompetitorRegistry(resolved);
  const metrics = new GatewayMetrics({ registry });
  const checker = new HealthChecker({
    registry,
    fetch: resolved.fetch,
    logger,
    ...resolved.healthCheck,
  });
  const context: GatewayContext = {
    options: resolved,
    registry,
    metrics,
    logger,
    inFlight: new Set(),
    finish: (scope, outcome) => finishRequest(context, scope, outcome),
    reportUnreachable: (scope, error) =>
      checker.reportRequestFailure({
        id: scope.competitor!,
        error,
        requestId: scope.requestId,
      }),
  };
  checker.start();

  const route = async (scope: RequestScope): Promise<Response> => {
    const pathname = pathnameOf(scope.request);
    const method = scope.request.method;
    if (pathname === '/v1/chat/completions' && method === 'POST') {
      scope.route = 'chat';
      scope.keyId = await authenticate(context, scope);
      await enforceRateLimit(context, scope);
      return handleChatCompletion(context, scope);
    }
    const allowed = allowedMethods(pathname);
    if (allowed === undefined)
      throw new JanusError({
        message: `No route for ${method} ${pathname}`,
        code: 'not_found',
      });
    if (!allowed.includes(method)) {
      // OPTIONS is served on every known path, so it is listed too (the
      // error message names only the methods that do the path's work).
      scope.responseHeaders.allow = `${allowed.join(', ')}, OPTIONS`;
      if (method === 'OPTIONS')
        return new Response(null, {
          status: 204,
          headers: scope.responseHeaders,
        });
      throw methodNotAllowedError({ method, path: pathname, allow: allowed });
    }
    // GET or HEAD from here on; `fetch` drops the body of a HEAD answer.
    if (pathname === '/health') return handleHealth(context, scope);
    if (pathname === '/metrics') {
      return new Response(metrics.render(), {
        headers: {
          ...scope.responseHeaders,
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        },
      });
    }
    const artifact = artifactPath.exec(pathname);
    if (artifact) {
      if (resolved.auth?.protectArtifacts) await authenticate(context, scope);
      return handleArtifactRequest(context, scope, artifact[1]!);
    }
    // `/v1/models` or `/v1/models/:id`: a key first, so that without one
    // nothing tells which models exist.
    await authenticate(context, scope);
    const model = modelPath.exec(pathname);
    if (model) return handleModel(context, scope, model[1]!);
    return handleModels(context, scope);
  };

  return {
    async fetch(request) {
      const scope = createScope(request);
      let response: Response;
      try {
        response = await route(scope);
        if (!scope.deferFinish)
          context.finish(scope, { status: response.status });
      } catch (error) {
        const janusError = toJanusError(error);
        context.finish(scope, {
          status: toErrorStatus(janusError),
          error: janusError,
        });
        response = createErrorResponse(janusError, {
          headers: scope.responseHeaders,
        });
      }
      return request.method === 'HEAD' ? toHeadResponse(response) : response;
    },
    registry: Object.assign(registry, {
      checkHealth: () => checker.checkAll(),
    }),
    metrics,
    async close(closeOptions = {}) {
      checker.stop();
      if (!closeOptions.abortInFlight) return;
      const error = new JanusError({
        message:
          'The gateway is shutting down; the answer was cut before it ended',
        code: 'upstream_unavailable',
      });
      for (const end of [...context.inFlight]) end(error);
    },
  };
}

const artifactPath = /^\/v1\/artifacts\/([A-Za-z0-9_-]{1,128})$/;
/** One segment, still percent-encoded (`handleModel` decodes it). */
const modelPath = /^\/v1\/models\/([^/]+)$/;

/** The methods a path answers (HEAD wherever GET: RFC 9110 9.3.2); `undefined`: no such path. */
function allowedMethods(pathname: string): readonly string[] | undefined {
  if (pathname === '/v1/chat/completions') return ['POST'];
  if (
    pathname === '/health' ||
    pathname === '/metrics' ||
    pathname === '/v1/models' ||
    modelPath.test(pathname) ||
    artifactPath.test(pathname)
  )
    return ['GET', 'HEAD'];
  return undefined;
}

/**
 * Random per process (64 bits), then a counter: `req_<32 hex>`, unique
 * across replicas and restarts without a random draw per request. Request
 * ids are correlation ids, not secrets.
 */
const requestIdPrefix = Array.from(
  crypto.getRandomValues(new Uint8Array(8)),
  byte => byte.toString(16).padStart(2, '0'),
).join('');
let requestCounter = 0;

function nextRequestId(): string {
  requestCounter++;
  return `req_${requestIdPrefix}${requestCounter.toString(16).padStart(16, '0')}`;
}

function createScope(request: Request): RequestScope {
  const incoming = headerOf(request, 'x-request-id');
  // Accept a client id only if it is short and log-safe; otherwise make one.
  const requestId =
    incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : nextRequestId();
  return {
    request,
    requestId,
    startedAt: Date.now(),
    route: 'other',
    retries: 0,
    retryDelayMs: 0,
    responseHeaders: { 'x-request-id': requestId },
    cleanups: [],
    deferFinish: false,
    finished: false,
  };
}

function finishRequest(
  context: GatewayContext,
  scope: RequestScope,
  outcome: { status: number; error?: JanusErrorType; appendedDone?: boolean },
): void {
  if (scope.finished) return;
  scope.finished = true;
  for (const cleanup of scope.cleanups) cleanup();
  const competitor = scope.competitor ?? 'none';
  if (scope.route === 'chat') {
    context.metrics.countRequest({ competitor, status: outcome.status });
    if (outcome.error)
      context.metrics.countError({ competitor, code: outcome.error.code });
  }
  const pathname = pathnameOf(scope.request);
  const level =
    outcome.error && outcome.error.code !== 'cancelled'
      ? outcome.status >= 500 || outcome.status === 200
        ? 'error'
        : 'warn'
      : isProbe(scope.request.method, pathname, outcome.status)
        ? 'debug'
        : 'info';
  context.logger.log({
    level,
    msg: 'request.end',
    request_id: scope.requestId,
    method: scope.request.method,
    path: pathname,
    status: outcome.status,
    competitor: scope.competitor,
    key_id: scope.keyId,
    duration_ms: Date.now() - scope.startedAt,
    ttft_ms: scope.ttftMs,
    retries: scope.retries || undefined,
    appended_done: outcome.appendedDone || undefined,
    error: outcome.error
      ? {
          code: outcome.error.code,
          message: outcome.error.message,
          cause: describeCause(outcome.error),
        }
      : undefined,
  });
}

/**
 * A load balancer's or Prometheus's poll (`GET`/`HEAD` of `/health` or
 * `/metrics`, answered without error): every few seconds from each prober,
 * so its `request.end` is `debug`, not `info`, lest it bury the requests.
 */
function isProbe(method: string, pathname: string, status: number): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    (pathname === '/health' || pathname === '/metrics') &&
    status < 400
  );
}

/**
 * What the log gets of an error's cause: its message, and for an internal
 * error (a bug, or a failing store such as a Redis one) its stack too; the
 * client only ever sees "Internal error".
 */
function describeCause(
  error: JanusErrorType,
): { message: string; stack?: string } | undefined {
  const cause: unknown = error.cause;
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return { message: String(cause) };
  // The chain's messages: `fetch failed: connect ECONNREFUSED 10.0.0.7:8001`.
  const message = describeErrorChain(cause);
  return error.code === 'internal_error'
    ? { message, stack: cause.stack }
    : { message };
}
