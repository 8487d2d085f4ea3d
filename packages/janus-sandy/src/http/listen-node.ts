import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createErrorResponse, JanusError } from '@janus/protocol';

/** A running HTTP server. */
export interface ListeningServer {
  /** `http://host:port` (no trailing slash). */
  url: string;
  /**
   * Stops accepting connections, gives answers in flight up to 10 s to
   * finish, then closes every connection.
   */
  close(): Promise<void>;
}

/** How long `close()` waits for answers in flight. */
const closeGraceMs = 10_000;

/**
 * `host[:port]` as a `Host` header may carry it (RFC 9110 §7.2, RFC 3986
 * §3.2.2): a name, an IPv4 address or a bracketed IPv6 literal. Anything
 * else (spaces, `user@host`, `#`, `/`, `?`) is not a host, and would change
 * the URL's path or fail when the request is made.
 */
const hostHeaderPattern =
  /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{0,5})?$/;

/**
 * Serves a Fetch-API handler over `node:http`. Responses are written with
 * `drain` backpressure; a client disconnect aborts `request.signal` (watched on
 * the response's `close`, which also fires for streams). A `Host` header that
 * is not a `host[:port]` gets a 400 error body without reaching the handler;
 * a request without one (HTTP/1.0) is taken as addressed to the listen address.
 */
export function listenNode(options: {
  fetch: (request: Request) => Promise<Response>;
  port?: number;
  host?: string;
}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const shown = host.includes(':') ? `[${host}]` : host;
  // `host:port` once listening (no request arrives before).
  let authority = shown;
  const inFlight = new Set<ServerResponse>();
  const onSettled = new Set<() => void>();
  const server = createServer((incoming, outgoing) => {
    inFlight.add(outgoing);
    outgoing.once('close', () => {
      inFlight.delete(outgoing);
      if (inFlight.size === 0) for (const wake of onSettled) wake();
    });
    void serve(incoming, outgoing, options.fetch, authority);
  });
  /** Resolves once no answer is in flight, or after the grace period. */
  const settled = () =>
    new Promise<void>(resolve => {
      if (inFlight.size === 0) return resolve();
      const wake = () => {
        clearTimeout(timer);
        onSettled.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, closeGraceMs);
      onSettled.add(wake);
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      authority = `${shown}:${port}`;
      resolve({
        url: `http://${authority}`,
        close: async () => {
          const closed = new Promise(done => server.close(done));
          server.closeIdleConnections();
          await settled();
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
}

/**
 * The request's URL (RFC 9112 §3.2-3.3): an origin-form target (`/path?query`)
 * against the `Host` header, or against the listen address when there is
 * none; an absolute-form target as it is. Throws a 400 for anything else.
 */
function requestUrl(incoming: IncomingMessage, authority: string): string {
  const target = incoming.url ?? '/';
  if (!target.startsWith('/')) {
    const url = URL.canParse(target) ? new URL(target) : null;
    if (
      url === null ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.username !== '' ||
      url.password !== ''
    )
      throw new JanusError({
        message: `Invalid request target '${target}'`,
        code: 'invalid_request',
      });
    return url.href;
  }
  // An empty Host counts as none (RFC 9110 §7.2 allows it without an authority).
  const host = incoming.headers.host || authority;
  if (!hostHeaderPattern.test(host) || !URL.canParse(`http://${host}/`))
    throw new JanusError({
      message: `Invalid Host header '${host}': expected host[:port]`,
      code: 'invalid_request',
      param: 'host',
    });
  return `http://${host}${target}`;
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handler: (request: Request) => Promise<Response>,
  authority: string,
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
    const request = new Request(requestUrl(incoming, authority), {
      method,
      headers,
      body: hasBody
        ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>)
        : undefined,
      signal: controller.signal,
      // @ts-expect-error Node's fetch needs `duplex` for streamed bodies.
      duplex: 'half',
    });
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
