import {
  errorBodySchema,
  errorCodeForStatus,
  type JanusErrorCode,
  safeParseJsonWith,
  TimeoutError,
  UpstreamError,
} from '@janus/protocol';
import { abortableDelay } from '../internal/abortable-delay';
import { ABORT_HOOK, type UpstreamAbort } from '../internal/direct-io';
import { readLimitedText } from '../internal/read-limited-text';
import { CONNECT_HOOK, reportsConnect } from './connect-hook';

/** Whether `fetch` listens through {@link ABORT_HOOK} alone (`createNodeFetch`). */
function takesAbortHook(fetch: typeof globalThis.fetch): boolean {
  return (fetch as { [ABORT_HOOK]?: unknown })[ABORT_HOOK] === true;
}

/** Cold starts answer with these before the first byte; they are retried. */
const COLD_START_STATUSES = new Set([429, 502, 503, 504]);

/** Failures whose answer carried `x-should-retry: false`. */
const refusedRetries = new WeakSet<object>();

/**
 * Whether `error` is a competitor answer that carried `x-should-retry:
 * false` (the convention the OpenAI SDKs honour): the gateway did not retry
 * it, and passes the header on so its client does not either.
 *
 * @internal
 */
export function competitorRefusedRetry(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && refusedRetries.has(error)
  );
}

/** Where an attempt goes: the URL and the headers for that competitor. */
export interface UpstreamTarget {
  url: string;
  headers: Record<string, string>;
}

/** A 2xx upstream response and how to abort it. */
export interface UpstreamConnection {
  response: Response;
  /** When the successful attempt started (its first-byte budget runs from here). */
  attemptStartedAt: number;
}

/**
 * POSTs to the competitor with cold-start retries: a 429/502/503/504 answer
 * or a connection that never reached it (refused, not found, timed out, a
 * stale keep-alive socket) is retried with exponential backoff
 * (honouring `retry-after` up to `maxDelayMs`), at most `attempts` times in
 * all; an answer with `x-should-retry: false` is not. A stream attempt is
 * bounded by `firstByteMs` until the response headers; a non-stream one
 * (whose headers come with the whole completion) only until the competitor
 * accepts the connection, when `fetch` reports that (connect-hook.ts), and
 * otherwise not at all (the caller's total timeout bounds it).
 * Resolves with a 2xx response; rejects with `UpstreamError` /
 * `TimeoutError`, or with the abort reason when `controller` aborts.
 *
 * @internal
 */
export async function fetchUpstream(options: {
  fetch: typeof globalThis.fetch;
  url: string;
  init: Pick<RequestInit, 'method' | 'headers' | 'body'>;
  /**
   * Aborts every attempt (client gone, total timeout). A first-byte timeout
   * aborts it too, with a `TimeoutError` reason: it is never retried, and one
   * controller for all attempts saves an `AbortController` and a listener
   * per request.
   */
  controller: UpstreamAbort;
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  firstByteMs: number;
  /** A stream request: `firstByteMs` runs until the headers (else see above). */
  stream: boolean;
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
  /**
   * Failover: called when an attempt could not connect at all (refused,
   * unreachable, not found; not a stale keep-alive socket, not a timeout),
   * so the competitor never saw the request. A target it returns gets the
   * next attempt at once, with a fresh attempt budget; `undefined` keeps
   * the usual retries on the same competitor. The caller reports the
   * abandoned competitor's health itself (`onUnreachable` is only for the
   * competitor the request ends with).
   */
  nextTarget?: (error: unknown) => UpstreamTarget | undefined;
  /**
   * Called once, before the promise rejects, when the request ends because
   * it never got an answer from the competitor: the last attempt's
   * connection failed (refused, unreachable, the connect timeout), or the
   * competitor reset or closed it before answering. Not for HTTP errors,
   * other timeouts or aborts (passive health checks).
   */
  onUnreachable?: (error: unknown) => void;
}): Promise<UpstreamConnection> {
  const { controller } = options;
  // A fetch that takes the abort hook needs no `AbortSignal` (direct-io.ts).
  const hooked = takesAbortHook(options.fetch);
  // Non-stream: only the connection is timed, and only if `fetch` reports it.
  const timesConnect = !options.stream && reportsConnect(options.fetch);
  const timed = options.firstByteMs > 0 && (options.stream || timesConnect);
  let url = options.url;
  let headers = options.init.headers;
  for (let attempt = 1; ; attempt++) {
    // The client may be gone already (or left during a retry delay).
    if (controller.aborted) throw controller.reason;
    const attemptStartedAt = Date.now();
    // A first-byte timeout means the competitor may be working: not retried
    // (nor is a connect timeout: its budget is spent, and one controller
    // serves every attempt).
    const timer = timed
      ? setTimeout(
          () =>
            controller.abort(
              new TimeoutError({
                phase: options.stream ? 'first_byte' : 'connect',
                timeoutMs: options.firstByteMs,
              }),
            ),
          options.firstByteMs,
        )
      : undefined;
    let failure: UpstreamError;
    let retryAfterMs: number | undefined;
    let unreachable: unknown;
    try {
      // One literal with every field (no spread): V8 then gives every
      // request's init the same hidden class instead of a new one each.
      const response = await options.fetch(url, {
        method: options.init.method,
        headers,
        body: options.init.body,
        signal: hooked ? undefined : controller.signal,
        redirect: 'manual',
        [ABORT_HOOK]: controller.onAbort,
        [CONNECT_HOOK]: timesConnect ? () => clearTimeout(timer) : undefined,
      } as RequestInit);
      clearTimeout(timer);
      if (response.status >= 200 && response.status < 300) {
        return { response, attemptStartedAt };
      }
      failure = await toUpstreamError(response);
      // The competitor's own word wins over the cold-start rule.
      if (response.headers.get('x-should-retry') === 'false') {
        refusedRetries.add(failure);
        throw failure;
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (!COLD_START_STATUSES.has(response.status)) throw failure;
    } catch (error) {
      clearTimeout(timer);
      if (controller.aborted) {
        const reason: unknown = controller.reason;
        if (TimeoutError.isInstance(reason) && reason.phase === 'connect')
          options.onUnreachable?.(reason);
        throw reason;
      }
      if (UpstreamError.isInstance(error)) throw error;
      // Node's global fetch (undici) gives up by itself after 300 s without
      // response headers, whatever our timeouts say: a non-stream agent run
      // often takes longer. Say so, instead of blaming the competitor.
      if (errorCode(error) === 'UND_ERR_HEADERS_TIMEOUT')
        throw new UpstreamError({
          message:
            "No answer within the upstream fetch's own headers timeout (Node's fetch: 300 s); use createNodeFetch() from @janus/gateway-core/node, or a fetch without that limit",
          code: 'timeout',
          cause: error,
          isRetryable: false,
        });
      // Only a request the competitor cannot have seen is sent again: a
      // chat request may start an agent run (a sandbox) each time.
      // The client gets the error code only: the full error (with the
      // competitor's address) is the cause, which the log carries.
      if (!isConnectFailure(error)) {
        options.onUnreachable?.(error);
        throw new UpstreamError({
          message: `The competitor closed the connection before answering${codeSuffix(error)}`,
          code: 'upstream_error',
          cause: error,
          isRetryable: false,
        });
      }
      failure = new UpstreamError({
        message: `Cannot reach the competitor${codeSuffix(error)}`,
        code: 'upstream_unavailable',
        cause: error,
      });
      unreachable = error;
      const next = isRefusedConnection(error)
        ? options.nextTarget?.(error)
        : undefined;
      if (next !== undefined) {
        url = next.url;
        headers = next.headers;
        attempt = 0;
        continue;
      }
    }
    if (attempt >= options.attempts) {
      if (unreachable !== undefined) options.onUnreachable?.(unreachable);
      throw failure;
    }
    const backoff = Math.min(
      options.maxDelayMs,
      options.baseDelayMs * 2 ** (attempt - 1),
    );
    const delayMs = Math.min(
      options.maxDelayMs,
      Math.max(backoff, retryAfterMs ?? 0),
    );
    options.onRetry?.({ attempt, delayMs, reason: failure.message });
    await abortableDelay(delayMs, controller.signal);
  }
}

/** Errors of a connection that never reached the competitor (undici's and Node's codes). */
const CONNECT_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a failed `fetch` never delivered the request: the connection was
 * refused, not found or timed out (a code in the error's `cause` chain), or
 * `createNodeFetch` met a keep-alive connection the competitor had already
 * closed (`staleConnection`). A reset or hang-up after the request went out
 * is not: the competitor may be working on it.
 */
function isConnectFailure(error: unknown): boolean {
  return (
    (error as { staleConnection?: unknown }).staleConnection === true ||
    isRefusedConnection(error)
  );
}

/**
 * A connection that certainly never reached the competitor's server (a
 * connect error code), as opposed to a stale keep-alive socket, which says
 * nothing about the competitor's health and is simply tried again.
 */
function isRefusedConnection(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && CONNECT_ERROR_CODES.has(code);
}

/** The first system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) in the cause chain. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** ` (ECONNREFUSED)`, or nothing when the error has no code. */
function codeSuffix(error: unknown): string {
  const code = errorCode(error);
  return code === undefined ? '' : ` (${code})`;
}

/** Turns a non-2xx upstream answer into an `UpstreamError` with its message. */
export async function toUpstreamError(
  response: Response,
): Promise<UpstreamError> {
  const text = await readLimitedText(response.body, 16 * 1024);
  const parsed = safeParseJsonWith({
    text,
    schema: errorBodySchema,
    code: 'invalid_response',
  });
  const upstreamMessage = parsed.success
    ? parsed.value.error.message
    : undefined;
  const code = codeForUpstreamStatus(response.status);
  return new UpstreamError({
    message: `The competitor answered ${response.status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`,
    statusCode: response.status,
    responseBody: text,
    code,
    // The field of the client's request the competitor refused (`n`, say):
    // the client sent that body, so the pointer is still true for it.
    param:
      code === 'invalid_request' && parsed.success
        ? (parsed.value.error.param ?? undefined)
        : undefined,
    upstreamCode:
      parsed.success && parsed.value.error.code != null
        ? String(parsed.value.error.code)
        : undefined,
  });
}

/**
 * Client faults the competitor saw keep their meaning: 400, 409, 413 and 429
 * their status, 422 and other 4xx become 400 `invalid_request`. What only the
 * gateway's side can cause is a 502: a redirect or other non-error status
 * below 400 (never followed: it could leave the competitor's origin),
 * 401/403 (the gateway's competitor key is wrong), 404/405 (the competitor
 * has no such route, or does not take POST there) and a 499 (the
 * competitor's own client-gone code: the client is still here).
 */
function codeForUpstreamStatus(status: number): JanusErrorCode {
  if (
    status < 400 ||
    status === 401 ||
    status === 403 ||
    status === 404 ||
    status === 405 ||
    status === 499
  )
    return 'upstream_error';
  return errorCodeForStatus(status);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
