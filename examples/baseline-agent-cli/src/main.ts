/**
 * Starts the baseline agent-CLI competitor on PORT (default 8001).
 * `npm run build && npm start -w examples/baseline-agent-cli`.
 */
import { createJsonLogger } from '@janus/competitor-kit';
import { serve, startLlmFromEnv } from '@janus/competitor-kit/node';
import { createBaselineAgentCli } from './create-baseline-agent-cli';
import { readConfig } from './read-config';

const logger = createJsonLogger({ name: 'baseline-agent-cli' });
const config = readConfig(process.env);
const { llm, connection, close } = await startLlmFromEnv({ logger });
const { competitor, monitor } = createBaselineAgentCli({
  llm,
  connection,
  sandy: { baseUrl: config.sandyBaseUrl, apiKey: config.sandyApiKey },
  agent: config.agent,
  logger,
});
const server = await serve({
  competitor,
  port: config.port,
  host: config.host,
});
const sandboxAvailable = await monitor.isAvailable();
logger.info(`baseline-agent-cli listening on ${server.url}`, {
  llm: llm.info,
  sandy: config.sandyBaseUrl,
  sandbox_available: sandboxAvailable,
  ...(!sandboxAvailable && { sandbox_error: monitor.lastError }),
  agent: config.agent,
});

const shutdown = async (signal: string) => {
  logger.info(`received ${signal}, shutting down`);
  await server.close();
  await close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
