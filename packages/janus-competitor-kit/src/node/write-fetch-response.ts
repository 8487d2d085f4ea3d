import type { IncomingMessage, ServerResponse } from 'node:http';
import { JanusError, toErrorBody, toErrorStatus } from '@janus/protocol';
import type { FetchContext } from '../server/fetch-context';

/**
 * Default request body limit of the Node adapter: 20 MiB, the default of
 * `@janus/gateway-core`, so whatever a default gateway forwards fits (room
 * for base64 files).
 */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * A Fetch-API handler, as returned by `createCompetitor().fetch`; it may
 * ignore the `context`.
 */
export type FetchHandler = (
  request: Request,
  context: FetchContext,
) => Promise<Response>;

/** Swallows the rejection of a promise nobody waits for. */
const ignoreWaitUntil = (promise: Promise<unknown>) => {
  promise.catch(() => {});
};

/**
 * Runs a Fetch handler for one Node `http` request: converts the request,
 * writes the response with `drain` backpressure, and aborts `request.signal`
 * when the client goes away (the response's `close`, not the request's,
 * which fires as soon as the body was read; STYLE.md 7.6).
 *
 * @param options.request The Node request.
 * @param options.response The Node response.
 * @param options.fetch The Fetch handler to run.
 * @param options.maxBodyBytes Larger bodies get 413 `payload_too_large` (default 20 MiB);
 *   a larger `content-length` gets it before the body is read.
 * @param options.signal Also aborts `request.signal` (with its reason), e.g.
 *   a server shutdown; unlike a client disconnect it does not stop the
 *   writing, so the handler's last words still reach the client.
 * @param options.waitUntil Passed to the handler as `context.waitUntil`
 *   (default: ignores the promise), e.g. to let a shutdown wait for work
 *   that outlives the response.
 * @returns Resolves once the response is written or the client left.
 */
export async function writeFetchResponse(options: {
  request: IncomingMessage;
  response: ServerResponse;
  fetch: FetchHandler;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  waitUntil?: FetchContext['waitUntil'];
}): Promise<void> {
  const { request: incoming, response: outgoing } = options;
  const controller = new AbortController();
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  const request = await toFetchRequest(
    incoming,
    options.signal
      ? AbortSignal.any([controller.signal, options.signal])
      : controller.signal,
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  );
  if (JanusError.isInstance(request)) {
    outgoing.writeHead(toErrorStatus(request), {
      'content-type': 'application/json',
      connection: 'close',
    });
    outgoing.end(JSON.stringify(toErrorBody(request)));
    return;
  }
  let response: Response;
  try {
    response = await options.fetch(request, {
      waitUntil: options.waitUntil ?? ignoreWaitUntil,
    });
  } catch {
    // A handler is expected to answer errors itself; this is the last guard.
    if (!outgoing.headersSent) outgoing.writeHead(500).end();
    return;
  }
  await writeResponse(response, outgoing, controller.signal);
}

async function toFetchRequest(
  incoming: IncomingMessage,
  signal: AbortSignal,
  maxBodyBytes: number,
): Promise<Request | JanusError> {
  const host = incoming.headers.host ?? '127.0.0.1';
  const url = new URL(incoming.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value])
      headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  // Chat requests are small JSON documents; buffering them keeps the
  // conversion simple and lets the handler read `request.json()` normally.
  let body: ArrayBuffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const tooLarge = () => {
      // Stop reading; the connection is closed after the 413.
      incoming.pause();
      return new JanusError({
        message: `Request body exceeds ${maxBodyBytes} bytes`,
        code: 'payload_too_large',
      });
    };
    // A declared length over the limit is refused before reading anything.
    if (Number(incoming.headers['content-length'] ?? 0) > maxBodyBytes)
      return tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of incoming) {
      size += (chunk as Uint8Array).length;
      if (size > maxBodyBytes) return tooLarge();
      chunks.push(chunk as Uint8Array);
    }
    const bytes = Buffer.concat(chunks);
    body = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
  }
  return new Request(url, { method, headers, body, signal });
}

async function writeResponse(
  response: Response,
  outgoing: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  // `connection` is hop-by-hop: a `close` the server set (it is shutting
  // down) wins over the handler's `keep-alive` (SSE_HEADERS send one).
  const closeConnection = outgoing.getHeader('connection') === 'close';
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    if (name === 'connection' && closeConnection) return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // An empty status text (the Fetch default) would send `HTTP/1.1 400 `;
  // without one, Node sends its reason phrase (`Bad Request`).
  if (response.statusText)
    outgoing.writeHead(response.status, response.statusText, headers);
  else outgoing.writeHead(response.status, headers);
  // Send the headers now: an SSE client should see 200 before the first event.
  outgoing.flushHeaders();
  if (response.body === null) {
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  const onAbort = () => reader.cancel().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  // The client left while the handler was answering: the body is cancelled
  // all the same (its source may hold a file, a sandbox stream…).
  if (signal.aborted) onAbort();
  try {
    while (!signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!outgoing.write(value)) await drained(outgoing, signal);
    }
    if (!signal.aborted) outgoing.end();
  } catch {
    // The body stream failed after headers went out: nothing to report but
    // a cut connection (handlers report their own errors in-band).
    outgoing.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function drained(outgoing: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      outgoing.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    outgoing.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
