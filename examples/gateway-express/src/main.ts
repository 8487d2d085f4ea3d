import type { AddressInfo } from 'node:net';
import { createJsonLogger } from '@janus/gateway-core';
import { createApp } from './create-app';
import { readConfig } from './read-config';

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
  // Open to anyone who can reach it: say so where operators look.
  const host = config.host ?? '0.0.0.0';
  if (config.apiKeys.length === 0 && !isLoopback(host))
    logger.log({
      level: 'warn',
      msg: 'gateway.open',
      host,
      message:
        'No JANUS_API_KEYS: anyone who can reach this address can use the competitors (set JANUS_API_KEYS, or HOST=127.0.0.1)',
    });
});

/** A loopback bind address (`127.x.x.x`, `::1`, `localhost`). */
function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

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
  // A second signal during the grace period: the operator wants out now.
  if (stopping) {
    cutInFlight(signal);
    return;
  }
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
  setTimeout(() => cutInFlight(), config.shutdownGraceMs).unref();
}

let cut = false;

/**
 * Ends what still runs (after the grace period, or at a second signal):
 * streams with a final error event and [DONE], other requests with a 503;
 * their upstream requests are aborted. Connections that have not finished
 * a moment later are cut.
 */
function cutInFlight(signal?: string): void {
  if (cut || inFlight === 0) return;
  cut = true;
  logger.log({
    level: 'warn',
    msg: 'gateway.shutdown_cut',
    in_flight: inFlight,
    ...(signal !== undefined ? { signal } : {}),
  });
  void gateway.close({ abortInFlight: true });
  setTimeout(() => server.closeAllConnections(), 1_000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
