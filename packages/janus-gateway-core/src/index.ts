/**
 * @janus/gateway-core: the Janus gateway as a Fetch-API handler. Web APIs
 * only; the Node adapter lives in `@janus/gateway-core/node`.
 */

export type { ArtifactIndex, ArtifactRecord } from './artifacts/artifact-index';
export { InMemoryArtifactIndex } from './artifacts/artifact-index';
export type { ApiKeyIdentity, ApiKeyStore } from './auth/api-key-store';
export { constantTimeEqual, InMemoryApiKeyStore } from './auth/api-key-store';
export type {
  RateLimitDecision,
  RateLimitStore,
} from './auth/rate-limit-store';
export { InMemoryRateLimitStore } from './auth/rate-limit-store';
export { createGateway, type Gateway } from './gateway/create-gateway';
export type {
  CompetitorConfig,
  GatewayHealthCheck,
  GatewayOptions,
  GatewayRetry,
  GatewayTimeouts,
} from './gateway/gateway-options';
export { GatewayMetrics } from './observability/gateway-metrics';
export {
  createJsonLogger,
  createMemoryLogger,
  type LogEntry,
  type Logger,
  type LogLevel,
} from './observability/logger';
export {
  type CompetitorEntry,
  CompetitorRegistry,
  type RoutingReason,
} from './registry/competitor-registry';
export { VERSION } from './version';
