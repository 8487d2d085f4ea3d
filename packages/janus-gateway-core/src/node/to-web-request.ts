import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Converts a Node request into a Fetch `Request` whose `signal` aborts when
 * the client goes away: on the *response's* `close` while it is not finished
 * (`IncomingMessage` `close` fires once the body is read, not on hang-up;
 * see h3js/srvx#152). The body streams (no buffering); a body already parsed
 * by middleware such as `express.json()` is re-serialised.
 *
 * @param options.request The Node request.
 * @param options.response Its response (watched for `close`).
 * @returns The `Request` and the controller behind its signal.
 */
export function toWebRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
}): { request: Request; controller: AbortController } {
  const { request: incoming, response } = options;
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableEnded)
      controller.abort(new DOMException('The client went away', 'AbortError'));
  });
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    // HTTP/2 pseudo-headers (`:path`) are not valid Fetch header names.
    if (!name.startsWith(':')) headers.append(name, raw[index + 1]!);
  }
  const path =
    (incoming as { originalUrl?: string }).originalUrl ?? incoming.url ?? '/';
  const host = headers.get('host') ?? 'localhost';
  const url = new URL(path, `http://${host}`);
  const method = incoming.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers,
    signal: controller.signal,
  };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = (incoming as { body?: unknown }).body;
    if (parsed !== undefined && incoming.readableEnded) {
      init.body =
        typeof parsed === 'string'
          ? parsed
          : parsed instanceof Uint8Array
            ? new Uint8Array(parsed)
            : JSON.stringify(parsed);
      headers.delete('content-length');
    } else {
      init.body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return { request: new Request(url, init), controller };
}
