import type { AddressInfo } from 'node:net';
import { createJsonLogger } from '@janus/gateway-core';
import { createApp } from './create-app';
import { readConfig } from './read-config';

/** Streams in flight get this long to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

const logger = createJsonLogger();
let config: ReturnType<typeof readConfig>;
try {
  config = readConfig(process.env);
} catch (error) {
  logger.log({ level: 'error', msg: 'config.invalid', error });
  process.exit(1);
}
const { app, gateway } = createApp({ config, logger });
const server = app.listen(config.port, config.host ?? '0.0.0.0', () => {
  const { port } = server.address() as AddressInfo;
  logger.log({
    level: 'info',
    msg: 'gateway.listening',
    port,
    competitors: config.gateway.competitors.map(
      competitor => `${competitor.id}=${competitor.url}`,
    ),
    default_competitor: gateway.registry.defaultCompetitorId,
    auth: config.apiKeys.length > 0,
  });
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.log({ level: 'info', msg: 'gateway.stopping', signal });
  void gateway.close();
  // Stop accepting, let idle keep-alive sockets go, give streams a grace period.
  server.close(() => {
    logger.log({ level: 'info', msg: 'gateway.stopped' });
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
