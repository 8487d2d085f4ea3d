import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createErrorResponse } from '@janus/protocol';

/** A running HTTP server. */
export interface ListeningServer {
  /** `http://host:port` (no trailing slash). */
  url: string;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/**
 * Serves a Fetch-API handler over `node:http`. Responses are written with
 * `drain` backpressure; a client disconnect aborts `request.signal` (watched on
 * the response's `close`, which also fires for streams).
 */
export function listenNode(options: {
  fetch: (request: Request) => Promise<Response>;
  port?: number;
  host?: string;
}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    void serve(incoming, outgoing, options.fetch, host);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        close: () =>
          new Promise(done => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handler: (request: Request) => Promise<Response>,
  host: string,
): Promise<void> {
  const controller = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value])
      headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let response: Response;
  try {
    const request = new Request(
      `http://${incoming.headers.host ?? host}${incoming.url ?? '/'}`,
      {
        method,
        headers,
        body: hasBody
          ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>)
          : undefined,
        signal: controller.signal,
        // @ts-expect-error Node's fetch needs `duplex` for streamed bodies.
        duplex: 'half',
      },
    );
    response = await handler(request);
  } catch (error) {
    response = createErrorResponse(error);
  }
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers)
    outgoing.appendHeader(name, value);
  if (!response.body) {
    outgoing.end();
    return;
  }
  outgoing.flushHeaders();
  const reader = response.body.getReader();
  controller.signal.addEventListener(
    'abort',
    () => void reader.cancel().catch(() => {}),
    { once: true },
  );
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!outgoing.write(value)) {
        await new Promise<void>(resume => {
          const finish = () => {
            outgoing.off('drain', finish);
            outgoing.off('close', finish);
            resume();
          };
          outgoing.on('drain', finish);
          outgoing.on('close', finish);
        });
      }
      if (controller.signal.aborted) break;
    }
    outgoing.end();
  } catch {
    outgoing.destroy();
  }
}
