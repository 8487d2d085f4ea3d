import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createErrorResponse,
  JanusError,
  toErrorBody,
  toErrorStatus,
} from '@janus/protocol';
import { checkNumberOption } from '../internal/check-number-option';
import { createJsonLogger, type Logger } from '../logger/logger';
import { createRequestTracker } from './create-request-tracker';
import {
  DEFAULT_MAX_BODY_BYTES,
  type FetchHandler,
  writeFetchResponse,
} from './write-fetch-response';

/** How long `close()` lets requests in flight finish by default (ms). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * How long `close()` waits, after the grace period, for aborted handlers
 * and for cleanups by default (ms).
 */
export const DEFAULT_SHUTDOWN_ABORT_WAIT_MS = 5_000;

/** Options of {@link RunningServer.close}. */
export interface CloseOptions {
  /**
   * How long requests in flight, and the cleanups of finished ones, may run
   * on before the requests are aborted (default
   * {@link DEFAULT_SHUTDOWN_GRACE_MS}; `0` aborts them at once).
   */
  graceMs?: number;
  /**
   * How long to wait after that for the aborted handlers (their `finally`)
   * and for every cleanup still running (`context.onCleanup`, e.g. a
   * sandbox terminate call, or any `waitUntil` promise) before the
   * connections are cut and `close()` resolves (default
   * {@link DEFAULT_SHUTDOWN_ABORT_WAIT_MS}). What is still pending then is
   * logged and left behind.
   */
  abortWaitMs?: number;
}

/** A running HTTP server. */
export interface RunningServer {
  /** Origin of the server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The bound port. */
  port: number;
  /**
   * Shuts down gracefully: stops accepting connections, closes idle
   * keep-alive ones at once (and all of them once nothing is in flight),
   * answers requests that still arrive on open connections with 503 and
   * `connection: close`, lets requests in flight finish for `graceMs`, then
   * aborts the rest (as a client disconnect would, so handlers run their
   * abort path and cleanups; the answer ends with the shutdown error), and
   * waits up to `abortWaitMs` for those handlers and for every cleanup
   * before cutting what is left. Resolves after at most about
   * `graceMs + abortWaitMs`; never rejects. Calling it again returns the
   * same promise (the first call's options apply). A delay that is not a
   * number ≥ 0 (`NaN`, negative) is logged and replaced by its default.
   */
  close(options?: CloseOptions): Promise<void>;
}

/** The in-band error of an answer cut by a shutdown. */
const cutByShutdown = () =>
  new JanusError({
    message: 'The server is shutting down; the answer was cut before it ended',
    code: 'upstream_unavailable',
  });

/**
 * Serves any Fetch handler on a real Node `http` server: backpressure,
 * `request.signal` aborted on client disconnect, and a graceful `close()`.
 * The handler gets a `context` whose `waitUntil(promise)` makes `close()`
 * wait (bounded) for work that outlives the response; `createCompetitor`
 * hands it its request cleanups.
 *
 * @param options.fetch The Fetch handler.
 * @param options.port Port to bind; `0` (default) picks a free one. Not a
 *   whole number from 0 to 65535: rejects with a `JanusError`
 *   (`invalid_request`) naming it, as does a bad `maxBodyBytes`.
 * @param options.host Interface to bind; default `127.0.0.1`.
 * @param options.maxBodyBytes Larger request bodies get 413 (default 20 MiB;
 *   at least 1).
 * @param options.logger Told when `close()` gives up on pending work
 *   (default: JSON lines on stderr).
 * @returns The running server with its `url` and `close()`.
 * @example
 * ```ts
 * const server = await serveFetch({ fetch: request => handler(request) });
 * process.once('SIGTERM', () => void server.close({ graceMs: 10_000 }));
 * ```
 */
export async function serveFetch(options: {
  fetch: FetchHandler;
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  logger?: Logger;
}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = checkNumberOption({
    owner: 'serve',
    name: 'port',
    value: options.port,
    fallback: 0,
    min: 0,
    max: 65_535,
    integer: true,
  });
  // `NaN` would turn the limit off, 0 or less refuse every body.
  const maxBodyBytes = checkNumberOption({
    owner: 'serve',
    name: 'maxBodyBytes',
    value: options.maxBodyBytes,
    fallback: DEFAULT_MAX_BODY_BYTES,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  });
  const logger = options.logger ?? createJsonLogger({ name: 'serve' });
  // Aborted at the end of the grace period; every request's signal follows
  // it. Its reason, a JanusError, is what a cut stream ends with (the kit's
  // writer sends it as the final event, then `[DONE]`).
  const shutdown = new AbortController();
  const tracker = createRequestTracker();
  let closing: Promise<void> | undefined;

  const fetch: FetchHandler = async (request, context) => {
    const response = await options.fetch(request, context);
    // Only the shutdown aborts a request whose client is still there: the
    // "client closed request" (499) that abort produced is not for it.
    if (shutdown.signal.aborted && response.status === 499)
      return createErrorResponse(shutdown.signal.reason);
    return response;
  };

  const server = createServer((request, response) => {
    // Arrived on an open connection after close() began (new connections
    // are refused by then): no new work, and no reuse of the connection.
    if (closing) {
      tracker.track(response);
      return refuse(response);
    }
    const written = writeFetchResponse({
      request,
      response,
      fetch,
      maxBodyBytes,
      // Unlike a client disconnect it does not stop the writing, so the
      // handler's last words (the shutdown error event) reach the client.
      signal: shutdown.signal,
      waitUntil: tracker.waitUntil,
    }).catch(() => response.destroy());
    tracker.track(response, written);
  });

  // `close()` never throws nor rejects (it runs on SIGTERM, where a throw
  // would skip every cleanup): a bad delay is logged and the default used.
  const closeDelay = (name: string, value: unknown, fallback: number) => {
    try {
      return checkNumberOption({
        owner: 'close',
        name,
        value,
        fallback,
        min: 0,
        max: Number.POSITIVE_INFINITY,
      });
    } catch (error) {
      logger.warn(`${(error as Error).message}; using ${fallback} ms`);
      return fallback;
    }
  };

  const shutDown = async (closeOptions: CloseOptions) => {
    const stopped = new Promise<void>(resolve => server.close(() => resolve()));
    server.closeIdleConnections();
    tracker.closeConnectionsAfterAnswers();
    const graceMs = closeDelay(
      'graceMs',
      closeOptions.graceMs,
      DEFAULT_SHUTDOWN_GRACE_MS,
    );
    const abortWaitMs = closeDelay(
      'abortWaitMs',
      closeOptions.abortWaitMs,
      DEFAULT_SHUTDOWN_ABORT_WAIT_MS,
    );
    if (!(await tracker.settled(graceMs))) {
      // As a client disconnect does: handlers see `request.signal` abort.
      shutdown.abort(cutByShutdown());
      if (!(await tracker.settled(abortWaitMs)))
        logger.warn(
          `Shutdown: requests or cleanups still pending after ${abortWaitMs} ms (abortWaitMs); closing without them`,
          { requests: tracker.requests, pending: tracker.pending },
        );
    }
    // Nothing is in flight any more (or it is past saving): what is left
    // are idle keep-alive connections, which would otherwise hold the close
    // for Node's keep-alive timeout.
    server.closeAllConnections();
    await stopped;
  };

  const bound = await listen(server, port, host);
  return {
    ...bound,
    close(closeOptions = {}) {
      closing ??= shutDown(closeOptions);
      return closing;
    },
  };
}

/** 503 with an OpenAI error body for a request that arrived during close(). */
function refuse(response: ServerResponse): void {
  const error = new JanusError({
    message: 'The server is shutting down and takes no new requests',
    code: 'upstream_unavailable',
  });
  const body = JSON.stringify(toErrorBody(error));
  response.writeHead(toErrorStatus(error), {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}

/**
 * Binds `server` to `host:port` (0: a free port) and resolves with its
 * origin; a bind error (e.g. `EADDRINUSE`) rejects.
 */
async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${bound}`, port: bound };
}
