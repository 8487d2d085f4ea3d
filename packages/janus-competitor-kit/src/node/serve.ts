import { createServer } from 'node:http';
import { createErrorResponse, JanusError } from '@janus/protocol';
import type { Competitor } from '../server/create-competitor';
import { listen, type RunningServer } from './serve-fetch';
import { writeFetchResponse } from './write-fetch-response';

/** How long `close()` lets requests in flight finish by default (ms). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** How long `close()` waits for aborted handlers to clean up by default (ms). */
export const DEFAULT_SHUTDOWN_ABORT_WAIT_MS = 5_000;

/** Options of {@link ServedCompetitor.close}. */
export interface CloseOptions {
  /**
   * How long requests in flight may run on before they are aborted (default
   * {@link DEFAULT_SHUTDOWN_GRACE_MS}; `0` aborts them at once).
   */
  graceMs?: number;
  /**
   * How long to wait for the aborted handlers (their `finally`, e.g. a
   * sandbox terminate call) before the connections are cut (default
   * {@link DEFAULT_SHUTDOWN_ABORT_WAIT_MS}).
   */
  abortWaitMs?: number;
}

/** A competitor served by {@link serve}. */
export interface ServedCompetitor extends RunningServer {
  /**
   * Shuts down gracefully: stops accepting connections, closes idle
   * keep-alive ones at once (and all of them once nothing is in flight),
   * lets requests in flight finish for `graceMs`, then aborts the rest (as a
   * client disconnect would, so handlers run their abort path and cleanups),
   * ends their streams with an error event and `[DONE]`, and waits up to
   * `abortWaitMs` for those handlers before cutting what is left. Calling it
   * again returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
}

/** The in-band error of a stream cut by a shutdown. */
const shutdownError = () =>
  new JanusError({
    message:
      'The competitor is shutting down; the answer was cut before it ended',
    code: 'upstream_unavailable',
  });

/**
 * Serves a competitor on a Node `http` server (backpressure, abort on client
 * disconnect, graceful `close()`).
 *
 * It runs its own `http` server rather than `serveFetch()` because a
 * graceful shutdown needs the server and the requests in flight.
 *
 * @param options.competitor From `createCompetitor()`.
 * @param options.port Port (default 0: a free one).
 * @param options.host Interface (default `127.0.0.1`; use `0.0.0.0` to expose it).
 * @returns `{ url, port, close({ graceMs }) }`.
 * @example
 * ```ts
 * const server = await serve({ competitor, port: 8001 });
 * console.log(`listening on ${server.url}`);
 * process.once('SIGTERM', () => void server.close({ graceMs: 10_000 }));
 * ```
 */
export async function serve(options: {
  competitor: Pick<Competitor, 'fetch'>;
  port?: number;
  host?: string;
  /** Larger request bodies get 413 (default 16 MiB). */
  maxBodyBytes?: number;
}): Promise<ServedCompetitor> {
  const host = options.host ?? '127.0.0.1';
  // Aborted at the end of the grace period; every request's signal follows it.
  const shutdown = new AbortController();
  let closing: Promise<void> | undefined;
  let inFlight = 0;
  let onDrained: (() => void) | undefined;

  const fetch = async (request: Request): Promise<Response> => {
    const response = await options.competitor.fetch(request);
    // An answer aborted before its headers went out (the kit says 499).
    if (shutdown.signal.aborted && response.status === 499)
      return createErrorResponse(shutdownError());
    return response;
  };

  const server = createServer((request, response) => {
    // A request that arrives on an open connection during the shutdown is
    // still answered, but its connection is not kept.
    if (closing) response.setHeader('connection', 'close');
    inFlight++;
    writeFetchResponse({
      request,
      response,
      fetch,
      maxBodyBytes: options.maxBodyBytes,
      // The shutdown aborts with a JanusError as its reason: the kit ends a
      // stream in flight with it as the final event (and `[DONE]`), where a
      // client disconnect ends it silently.
      signal: shutdown.signal,
    })
      .catch(() => response.destroy())
      .finally(() => {
        inFlight--;
        if (inFlight === 0) onDrained?.();
      });
  });

  /** Resolves `true` once no request is in flight, `false` after `ms`. */
  const drained = (ms: number) =>
    new Promise<boolean>(resolve => {
      if (inFlight === 0) return resolve(true);
      const timer = setTimeout(() => {
        onDrained = undefined;
        resolve(false);
      }, ms);
      onDrained = () => {
        clearTimeout(timer);
        onDrained = undefined;
        resolve(true);
      };
    });

  const shutDown = async (closeOptions: CloseOptions) => {
    const stopped = new Promise<void>(resolve => server.close(() => resolve()));
    server.closeIdleConnections();
    const graceMs = closeOptions.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    if (!(await drained(graceMs))) {
      // As a client disconnect does: handlers see `context.signal` abort.
      shutdown.abort(shutdownError());
      await drained(closeOptions.abortWaitMs ?? DEFAULT_SHUTDOWN_ABORT_WAIT_MS);
    }
    // Nothing is in flight any more (or it is past saving): what is left
    // are idle keep-alive connections, which would otherwise hold the close
    // for Node's keep-alive timeout.
    server.closeAllConnections();
    await stopped;
  };

  const { url, port } = await listen(server, options.port ?? 0, host);
  return {
    url,
    port,
    close(closeOptions = {}) {
      closing ??= shutDown(closeOptions);
      return closing;
    },
  };
}
