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

/** Starts a gateway (health checks off unless configured) on a real socket. */
export async function startTestGateway(
  options: Omit<GatewayOptions, 'logger'> & {
    logger?: GatewayOptions['logger'];
  },
): Promise<TestGateway> {
  const logger = createMemoryLogger();
  // Upstream calls go through the Node adapter's keep-alive `fetch`, as in
  // the example app; the edge suite covers the global `fetch`.
  const fetch = createNodeFetch();
  const gateway = createGateway({
    healthCheck: { intervalMs: 0 },
    logger,
    fetch,
    ...options,
  });
  const server = createServer(createNodeHandler(gateway));
  const listening = await listenOnFreePort(server);
  const close = async () => {
    await gateway.close();
    await listening.close();
    fetch.close();
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
