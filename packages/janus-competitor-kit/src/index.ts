/**
 * @janus/competitor-kit: build a Janus competitor. Web APIs only (Node,
 * edge runtimes, Next route handlers); Node adapters are in `./node`, the
 * scripted model in `./testing`.
 */
export { ArtifactRefusedError } from './artifacts/artifact-refused-error';
export type {
  ArtifactBody,
  ArtifactPutOptions,
  ArtifactStore,
  ArtifactStream,
} from './artifacts/artifact-store';
export {
  createArtifactStore,
  DEFAULT_MEMORY_ARTIFACT_BYTES,
} from './artifacts/create-artifact-store';
export { handleArtifactRequest } from './artifacts/handle-artifact-request';
export { mimeTypeFor } from './artifacts/mime-type-for';
export { fastPath } from './fast-path/fast-path';
export {
  createLlmClient,
  type LlmChatRequest,
  type LlmClient,
  type LlmClientOptions,
  type LlmHealthFields,
} from './llm/create-llm-client';
export { type LlmConfig, llmConfigFromEnv } from './llm/llm-config-from-env';
export { defaultPrices, type ModelPrice, priceUsage } from './llm/price-table';
export { createJsonLogger, type Logger, silentLogger } from './logger/logger';
export {
  type ClassifyOptions,
  classifyRequest,
  type RoutingDecision,
} from './router/classify-request';
export { lastUserText } from './router/last-user-text';
export {
  createSandyClient,
  type SandyAgentEvent,
  type SandyClient,
  type SandyClientOptions,
} from './sandy/create-sandy-client';
export {
  createSandyMonitor,
  type SandyHealthFields,
  type SandyMonitor,
} from './sandy/create-sandy-monitor';
export { collectArtifacts } from './sandy-path/collect-artifacts';
export { runAgent } from './sandy-path/run-agent';
export { runCommand } from './sandy-path/run-command';
export { type Sandbox, withSandbox } from './sandy-path/with-sandbox';
export type { CompletionStream } from './server/completion-stream';
export {
  type Competitor,
  type CompetitorOptions,
  createCompetitor,
} from './server/create-competitor';
export type { FetchContext } from './server/fetch-context';
export type {
  CompetitorContext,
  CompetitorHandler,
} from './server/run-handler';
export { VERSION } from './version';
