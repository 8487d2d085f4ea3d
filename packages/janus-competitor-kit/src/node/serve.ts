import type { Logger } from '../logger/logger';
import type { Competitor } from '../server/create-competitor';
import { type RunningServer, serveFetch } from './serve-fetch';

/** A competitor served by {@link serve}; see {@link RunningServer.close}. */
export type ServedCompetitor = RunningServer;

/**
 * Serves a competitor on a Node `http` server (backpressure, abort on client
 * disconnect, graceful `close()` that also waits for the requests'
 * `context.onCleanup` cleanups). The same server as `serveFetch()`, with the
 * competitor's `fetch` as the handler.
 *
 * @param options.competitor From `createCompetitor()`.
 * @param options.port Port (default 0: a free one). A port or
 *   `maxBodyBytes` out of range rejects with a `JanusError` naming it.
 * @param options.host Interface (default `127.0.0.1`; use `0.0.0.0` to expose it).
 * @param options.maxBodyBytes Larger request bodies get 413 (default 20 MiB).
 * @param options.logger Told when `close()` gives up on pending work
 *   (default: JSON lines on stderr).
 * @returns `{ url, port, close({ graceMs, abortWaitMs }) }`.
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
  maxBodyBytes?: number;
  logger?: Logger;
}): Promise<ServedCompetitor> {
  const { competitor, ...rest } = options;
  return serveFetch({
    ...rest,
    fetch: (request, context) => competitor.fetch(request, context),
  });
}
