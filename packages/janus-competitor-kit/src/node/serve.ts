import type { Competitor } from '../server/create-competitor';
import { type RunningServer, serveFetch } from './serve-fetch';

/**
 * Serves a competitor on a Node `http` server (backpressure, abort on client
 * disconnect).
 *
 * @param options.competitor From `createCompetitor()`.
 * @param options.port Port (default 0: a free one).
 * @param options.host Interface (default `127.0.0.1`; use `0.0.0.0` to expose it).
 * @returns `{ url, port, close() }`.
 * @example
 * ```ts
 * const server = await serve({ competitor, port: 8001 });
 * console.log(`listening on ${server.url}`);
 * ```
 */
export function serve(options: {
  competitor: Pick<Competitor, 'fetch'>;
  port?: number;
  host?: string;
  /** Larger request bodies get 413 (default 16 MiB). */
  maxBodyBytes?: number;
}): Promise<RunningServer> {
  return serveFetch({
    fetch: request => options.competitor.fetch(request),
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
  });
}
