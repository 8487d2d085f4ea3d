/**
 * Starts the baseline agent-CLI competitor on PORT (default 8001).
 * `npm run build && npm start -w examples/baseline-agent-cli`.
 */
import { createJsonLogger } from '@janus/competitor-kit';
import { serve, startLlmFromEnv } from '@janus/competitor-kit/node';
import { createBaselineAgentCli } from './create-baseline-agent-cli';
import { readConfig } from './read-config';

/** Streams in flight get this long to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

const logger = createJsonLogger({ name: 'baseline-agent-cli' });
let config: ReturnType<typeof readConfig>;
try {
  config = readConfig(process.env);
} catch (error) {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
// A bad LLM configuration (e.g. JANUS_LLM_BASE_URL without JANUS_LLM_MODEL)
// is one clear line, like a bad PORT, not a stack trace.
const { llm, connection, close } = await startLlmFromEnv({ logger }).catch(
  (error: unknown) => {
    logger.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
const { competitor, monitor } = createBaselineAgentCli({
  llm,
  connection,
  sandy: { baseUrl: config.sandyBaseUrl, apiKey: config.sandyApiKey },
  agent: config.agent,
  logger,
});
// A port in use (EADDRINUSE) or a host it cannot bind is one clear line too.
const server = await serve({
  competitor,
  port: config.port,
  host: config.host,
}).catch(async (error: unknown) => {
  logger.error(
    `Cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`,
    { code: (error as NodeJS.ErrnoException).code },
  );
  await close();
  process.exit(1);
});
const sandboxAvailable = await monitor.isAvailable();
logger.info(`baseline-agent-cli listening on ${server.url}`, {
  llm: llm.info,
  sandy: config.sandyBaseUrl,
  sandbox_available: sandboxAvailable,
  ...(!sandboxAvailable && { sandbox_error: monitor.lastError }),
  agent: config.agent,
});

let stopping = false;
/**
 * Stops accepting, lets streams in flight finish for up to
 * SHUTDOWN_GRACE_MS, then aborts the rest (each handler's abort path runs:
 * sandboxes are terminated) and waits up to 5 s for their cleanup.
 */
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  logger.info(`received ${signal}, shutting down`, {
    grace_ms: SHUTDOWN_GRACE_MS,
  });
  await server.close({ graceMs: SHUTDOWN_GRACE_MS });
  await close();
  logger.info('shut down', { duration_ms: Date.now() - started });
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
