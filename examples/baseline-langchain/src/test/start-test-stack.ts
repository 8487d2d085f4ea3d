/**
 * Test-only: the whole LangChain stack on free 127.0.0.1 ports: the scripted
 * model, a real @janus/sandy (bubblewrap) or an unreachable Sandy URL, the
 * competitor, and a gateway (@janus/gateway-core through its Node adapter).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@janus/competitor-kit';
import { serve, startLlmFromEnv } from '@janus/competitor-kit/node';
import { createScriptedModel } from '@janus/competitor-kit/testing';
import { createGateway, createMemoryLogger } from '@janus/gateway-core';
import { createNodeHandler } from '@janus/gateway-core/node';
import {
  createSandyServer,
  createSilentLogger,
  type SandyServer,
} from '@janus/sandy';
import { createBaselineLangChain } from '../create-baseline-langchain';

/** A running stack; `close()` stops everything. */
export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

/** Starts the stack; `sandy: 'unreachable'` points the competitor at a closed port. */
export async function startTestStack(options: {
  sandy: 'real' | 'unreachable';
  /** Sandboxes the real Sandy allows at once (default 64); more get 429. */
  maxSandboxes?: number;
}) {
  const model = await createScriptedModel();
  let sandy: SandyServer | undefined;
  let sandyUrl: string;
  let closeSandy = async () => {};
  if (options.sandy === 'real') {
    sandy = createSandyServer({
      logger: createSilentLogger(),
      isolation: 'bwrap',
      maxSandboxes: options.maxSandboxes,
    });
    const listening = await sandy.listen({ port: 0 });
    sandyUrl = listening.url;
    closeSandy = () => sandy!.close();
  } else {
    sandyUrl = await closedPortUrl();
  }
  const { llm, connection } = await startLlmFromEnv({
    env: { JANUS_LLM_BASE_URL: model.url, JANUS_LLM_MODEL: 'janus-scripted' },
    logger: silentLogger,
  });
  const { competitor } = createBaselineLangChain({
    llm,
    connection,
    sandy: { baseUrl: sandyUrl },
    logger: silentLogger,
  });
  const competitorServer = await serve({ competitor });
  const gateway = createGateway({
    competitors: [{ id: 'baseline-langchain', url: competitorServer.url }],
    logger: createMemoryLogger(),
    healthCheck: { intervalMs: 0 },
  });
  const gatewayServer = createServer(createNodeHandler(gateway));
  await new Promise<void>(resolve =>
    gatewayServer.listen(0, '127.0.0.1', resolve),
  );
  const gatewayUrl = `http://127.0.0.1:${(gatewayServer.address() as AddressInfo).port}`;
  return {
    model,
    sandy,
    competitorUrl: competitorServer.url,
    gatewayUrl,
    async close() {
      gatewayServer.closeAllConnections();
      await new Promise(resolve => gatewayServer.close(resolve));
      await gateway.close();
      await competitorServer.close();
      await closeSandy();
      await model.close();
    },
  };
}

/** A URL nothing listens on (a port that was free a moment ago). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
