/**
 * Starts the baseline LangChain competitor on PORT (default 8002).
 * `npm run build && npm start -w examples/baseline-langchain`.
 */
import { createJsonLogger } from '@janus/competitor-kit';
import { serve, startLlmFromEnv } from '@janus/competitor-kit/node';
import { createBaselineLangChain } from './create-baseline-langchain';
import { readConfig } from './read-config';

const logger = createJsonLogger({ name: 'baseline-langchain' });
const config = readConfig(process.env);
const { llm, connection, close } = await startLlmFromEnv({ logger });
const { competitor, monitor } = createBaselineLangChain({
  llm,
  connection,
  sandy: { baseUrl: config.sandyBaseUrl, apiKey: config.sandyApiKey },
  logger,
});
const server = await serve({
  competitor,
  port: config.port,
  host: config.host,
});
const sandboxAvailable = await monitor.isAvailable();
logger.info(`baseline-langchain listening on ${server.url}`, {
  llm: llm.info,
  sandy: config.sandyBaseUrl,
  sandbox_available: sandboxAvailable,
  ...(!sandboxAvailable && { sandbox_error: monitor.lastError }),
});

const shutdown = async (signal: string) => {
  logger.info(`received ${signal}, shutting down`);
  await server.close();
  await close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
