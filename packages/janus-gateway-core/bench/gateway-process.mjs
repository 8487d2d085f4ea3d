/**
 * The gateway under test, in its own process as in production: the built
 * package (dist, plain Node, no TypeScript loader), the Node adapter on a
 * real socket, health checks off, only warnings logged (to stderr). Prints
 * `{"port":…}` on stdout once listening.
 *
 *   node bench/gateway-process.mjs <competitor-url>
 */
import { createServer } from 'node:http';
import { createGateway, createJsonLogger } from '@janus/gateway-core';
import { createNodeFetch, createNodeHandler } from '@janus/gateway-core/node';

const competitorUrl = process.argv[2];
if (!competitorUrl)
  throw new Error('usage: gateway-process.mjs <competitor-url>');
const gateway = createGateway({
  competitors: [{ id: 'bench', url: competitorUrl }],
  healthCheck: { intervalMs: 0 },
  logger: createJsonLogger({ level: 'warn' }),
  // BENCH_GLOBAL_FETCH=1 measures the global `fetch` (undici) instead.
  fetch: process.env.BENCH_GLOBAL_FETCH ? undefined : createNodeFetch(),
});
const server = createServer(createNodeHandler(gateway));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => {
  void gateway.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
