import { JanusError } from '@janus/protocol';
import { InMemoryArtifactIndex } from '../artifacts/artifact-index';
import { createJsonLogger } from '../observability/logger';
import type { GatewayOptions } from './gateway-options';

/** {@link GatewayOptions} with every default applied. @internal */
export type ResolvedGatewayOptions = ReturnType<typeof resolveGatewayOptions>;

/**
 * Applies defaults and checks the competitor list (unique ids, valid URLs, a
 * known default). Throws a `JanusError` (`invalid_request`) on bad options.
 *
 * @internal
 */
export function resolveGatewayOptions(options: GatewayOptions) {
  const ids = new Set<string>();
  for (const competitor of options.competitors) {
    if (!/^[A-Za-z0-9][\w.:-]{0,127}$/.test(competitor.id))
      throw invalid(`Invalid competitor id '${competitor.id}'`);
    if (ids.has(competitor.id))
      throw invalid(`Duplicate competitor id '${competitor.id}'`);
    ids.add(competitor.id);
    if (!URL.canParse(competitor.url))
      throw invalid(`Invalid URL for competitor '${competitor.id}'`);
  }
  if (
    options.defaultCompetitor !== undefined &&
    !ids.has(options.defaultCompetitor)
  ) {
    throw invalid(`Unknown default competitor '${options.defaultCompetitor}'`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    competitors: options.competitors,
    defaultCompetitor: options.defaultCompetitor,
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 1_000,
    timeouts: {
      firstByteMs: options.timeouts?.firstByteMs ?? 30_000,
      idleMs: options.timeouts?.idleMs ?? 120_000,
      totalMs: options.timeouts?.totalMs ?? 900_000,
    },
    retry: {
      attempts: Math.max(1, options.retry?.attempts ?? 3),
      baseDelayMs: options.retry?.baseDelayMs ?? 500,
      maxDelayMs: options.retry?.maxDelayMs ?? 8_000,
    },
    maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    healthCheck: {
      intervalMs: options.healthCheck?.intervalMs ?? 10_000,
      timeoutMs: options.healthCheck?.timeoutMs ?? 3_000,
      failureThreshold: options.healthCheck?.failureThreshold ?? 3,
      recoveryThreshold: options.healthCheck?.recoveryThreshold ?? 2,
    },
    auth: options.auth,
    rateLimit: options.rateLimit,
    artifactIndex: options.artifactIndex ?? new InMemoryArtifactIndex(),
    logger: options.logger ?? createJsonLogger(),
    fetch: fetchImpl,
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    maxEventSize: options.maxEventSize,
  };
}

function invalid(message: string): JanusError {
  return new JanusError({ message, code: 'invalid_request' });
}
