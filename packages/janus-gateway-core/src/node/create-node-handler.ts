import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorResponse, JanusError } from '@janus/protocol';
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
    try {
      const request = toNodeRequest({
        request: incoming,
        response: outgoing,
        body: await readSmallBody(incoming),
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
    await writeWebResponse({ response, target: outgoing });
  };
}

/** Alias of {@link createNodeHandler}. */
export const toNodeListener = createNodeHandler;
