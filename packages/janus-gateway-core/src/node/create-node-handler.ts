import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorResponse, JanusError } from '@janus/protocol';
import { closeAfterResponse } from './close-after-response';
import { readSmallBody, toNodeRequest } from './to-web-request';
import { writeWebResponse } from './write-web-response';

/** Anything with a Fetch handler, such as a `Gateway`. */
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

/** A Node `http` / Express request listener. */
export type NodeListener = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

/**
 * Mounts a gateway (or any Fetch handler) on `node:http` or Express. Client
 * disconnects abort the request's signal (and so the upstream); responses
 * are written with backpressure. Mount it before body-parsing middleware.
 *
 * @param handler The gateway.
 * @returns A `(request, response)` listener.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createGateway } from '@janus/gateway-core';
 * import { createNodeHandler } from '@janus/gateway-core/node';
 *
 * const gateway = createGateway({ competitors: [{ id: 'a', url: 'http://127.0.0.1:8001' }] });
 * createServer(createNodeHandler(gateway)).listen(8000);
 * ```
 */
export function createNodeHandler(handler: FetchHandler): NodeListener {
  return async (incoming, outgoing) => {
    // Small SSE writes go out at once (no Nagle delay), whatever the server's
    // `noDelay` option; a no-op when already set.
    outgoing.socket?.setNoDelay(true);
    let response: Response;
    let body: Uint8Array | undefined;
    try {
      body = await readSmallBody(incoming);
      const request = toNodeRequest({
        request: incoming,
        response: outgoing,
        body,
      });
      response = await handler.fetch(request);
    } catch (error) {
      // The gateway answers errors itself; this catches adapter failures only.
      response = createErrorResponse(
        new JanusError({
          message: 'Internal error',
          code: 'internal_error',
          cause: error,
        }),
      );
    }
    if (outgoing.destroyed) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    // Answered before a streamed body was all read (a 413, say): the rest
    // must not be taken for the next request, nor dropped by a reset.
    if (body === undefined && !incoming.complete && hasBody(incoming)) {
      closeAfterResponse(incoming, outgoing);
      // The answer's own `connection` header must not undo that.
      if (response.headers.has('connection'))
        response = withoutConnectionHeader(response);
    }
    await writeWebResponse({ response, target: outgoing });
  };
}

/** A request that may carry a body (GET and HEAD bodies are not read). */
function hasBody(incoming: IncomingMessage): boolean {
  return incoming.method !== 'GET' && incoming.method !== 'HEAD';
}

function withoutConnectionHeader(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('connection');
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Alias of {@link createNodeHandler}. */
export const toNodeListener = createNodeHandler;
