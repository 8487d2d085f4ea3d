import { createServer, type Server } from 'node:http';
import { createGateway, type Gateway, type GatewayOptions } from '../src/index';
import { createNodeFetch, createNodeHandler } from '../src/node/index';
import { createMemoryLogger } from '../src/observability/logger';
import { listenOnFreePort } from './test-server';

/** A gateway behind the Node adapter on 127.0.0.1:0. */
export interface TestGateway extends AsyncDisposable {
  url: string;
  gateway: Gateway;
  server: Server;
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/**
 * How a stream crosses the gateway in Node:
 * - `direct`: upstream through `createNodeFetch`, the proxy reading its
 *   `IncomingMessage` and writing the `ServerResponse` itself (the example
 *   app's path, no Web streams);
 * - `web`: upstream through the global `fetch` and the response re-wrapped,
 *   so both ends go through Web streams (the path of every other runtime).
 */
export type TestIo = 'direct' | 'web';

/** Both paths, for `describe.each`. */
export const TEST_IO: TestIo[] = ['direct', 'web'];

/** Starts a gateway (health checks off unless configured) on a real socket. */
export async function startTestGateway(
  options: Omit<GatewayOptions, 'logger'> & {
    logger?: GatewayOptions['logger'];
    /** Default `direct`. */
    io?: TestIo;
  },
): Promise<TestGateway> {
  const { io = 'direct', ...gatewayOptions } = options;
  const logger = createMemoryLogger();
  const nodeFetch = createNodeFetch();
  const gateway = createGateway({
    healthCheck: { intervalMs: 0 },
    logger,
    fetch: io === 'direct' ? nodeFetch : globalThis.fetch,
    ...gatewayOptions,
  });
  const handler =
    io === 'direct'
      ? gateway
      : {
          // A new Response drops the gateway's direct body.
          fetch: async (request: Request) => {
            const response = await gateway.fetch(request);
            return new Response(response.body, response);
          },
        };
  const server = createServer(createNodeHandler(handler));
  const listening = await listenOnFreePort(server);
  const close = async () => {
    await gateway.close();
    await listening.close();
    nodeFetch.close();
  };
  return {
    url: listening.url,
    gateway,
    server,
    logger,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The `data:` payloads of an SSE text (comments dropped). */
export function dataLines(text: string): string[] {
  return text
    .split('\n')
    .filter(line => line.startsWith('data: '))
    .map(line => line.slice(6));
}

/** A minimal valid chat request body. */
export function chatBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: 'any',
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  });
}

/** POSTs a chat request to the gateway at `url`. */
export function postChat(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
