import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FetchHandler, writeFetchResponse } from './write-fetch-response';

/** A running HTTP server. */
export interface RunningServer {
  /** Origin of the server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops listening and closes open connections (also streaming ones). */
  close(): Promise<void>;
}

/**
 * Serves any Fetch handler on a real Node `http` server.
 *
 * @param options.fetch The Fetch handler.
 * @param options.port Port to bind; `0` (default) picks a free one.
 * @param options.host Interface to bind; default `127.0.0.1`.
 * @returns The running server with its `url`.
 * @example
 * ```ts
 * const server = await serveFetch({ fetch: request => handler(request) });
 * console.log(server.url); await server.close();
 * ```
 */
export async function serveFetch(options: {
  fetch: FetchHandler;
  port?: number;
  host?: string;
  /** Larger request bodies get 413 (default 16 MiB). */
  maxBodyBytes?: number;
}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    writeFetchResponse({
      request,
      response,
      fetch: options.fetch,
      maxBodyBytes: options.maxBodyBytes,
    }).catch(() => response.destroy());
  });
  const { url, port } = await listen(server, options.port ?? 0, host);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Binds `server` to `host:port` (0: a free port) and resolves with its
 * origin; a bind error (e.g. `EADDRINUSE`) rejects.
 *
 * @internal
 */
export async function listen(
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
