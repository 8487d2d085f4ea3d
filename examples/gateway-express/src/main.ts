import type { AddressInfo } from 'node:net';
import { createJsonLogger } from '@janus/gateway-core';
import { createApp } from './create-app';
import { readConfig } from './read-config';

/** Streams in flight get this long to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

const logger = createJsonLogger();
let config: ReturnType<typeof readConfig>;
let created: ReturnType<typeof createApp>;
try {
  config = readConfig(process.env);
  // createGateway validates what readConfig cannot (URLs, the default id).
  created = createApp({ config, logger });
} catch (error) {
  logger.log({ level: 'error', msg: 'config.invalid', error });
  process.exit(1);
}
const { app, gateway } = created;

const server = app.listen(config.port, config.host ?? '0.0.0.0', error => {
  // Express 5 hands the listen error (e.g. EADDRINUSE) to this callback.
  if (error) {
    logger.log({
      level: 'error',
      msg: 'gateway.listen_failed',
      code: (error as NodeJS.ErrnoException).code,
      error,
    });
    process.exit(1);
  }
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

// Responses not yet finished; at zero during a shutdown only idle
// keep-alive connections are left. Prepended: it runs before the app.
let inFlight = 0;
let stopping = false;
server.prependListener('request', (_request, response) => {
  inFlight++;
  if (stopping) response.setHeader('connection', 'close');
  response.once('close', () => {
    inFlight--;
    if (stopping && inFlight === 0) server.closeAllConnections();
  });
});

function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.log({ level: 'info', msg: 'gateway.stopping', signal });
  void gateway.close();
  // Stop accepting and let idle keep-alive sockets go now; the others go as
  // soon as nothing is in flight, or when the grace period ends.
  server.close(() => {
    logger.log({ level: 'info', msg: 'gateway.stopped' });
    process.exit(0);
  });
  server.closeIdleConnections();
  if (inFlight === 0) server.closeAllConnections();
  setTimeout(() => {
    if (inFlight === 0) return;
    logger.log({
      level: 'warn',
      msg: 'gateway.shutdown_cut',
      in_flight: inFlight,
    });
    // What still runs ends now: streams with a final error event and
    // [DONE], other requests with a 503; their upstream requests are
    // aborted. Connections that have not finished a moment later are cut.
    void gateway.close({ abortInFlight: true });
    setTimeout(() => server.closeAllConnections(), 1_000).unref();
  }, SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
