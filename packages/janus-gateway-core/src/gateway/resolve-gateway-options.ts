import { JanusError } from '@janus/protocol';
import { InMemoryArtifactIndex } from '../artifacts/artifact-index';
import { createJsonLogger } from '../observability/logger';
import type { GatewayOptions } from './gateway-options';

/** {@link GatewayOptions} with every default applied. @internal */
export type ResolvedGatewayOptions = ReturnType<typeof resolveGatewayOptions>;

/**
 * Applies defaults and checks the options: the competitor list (unique ids,
 * valid URLs, a known default) and every duration, size and count (a finite
 * number, not negative; sizes and thresholds above 0), so a typo such as
 * `NaN` from an environment variable fails at start instead of silently
 * turning keep-alives or timeouts off. Throws a `JanusError`
 * (`invalid_request`) on bad options.
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
  const { timeouts, retry, healthCheck } = options;
  return {
    competitors: options.competitors,
    defaultCompetitor: options.defaultCompetitor,
    keepAliveIntervalMs: duration(
      'keepAliveIntervalMs',
      options.keepAliveIntervalMs,
      1_000,
    ),
    timeouts: {
      firstByteMs: duration(
        'timeouts.firstByteMs',
        timeouts?.firstByteMs,
        30_000,
      ),
      idleMs: duration('timeouts.idleMs', timeouts?.idleMs, 120_000),
      totalMs: duration('timeouts.totalMs', timeouts?.totalMs, 900_000),
    },
    retry: {
      attempts: Math.max(1, atLeast(0, 'retry.attempts', retry?.attempts, 3)),
      baseDelayMs: duration('retry.baseDelayMs', retry?.baseDelayMs, 500),
      maxDelayMs: duration('retry.maxDelayMs', retry?.maxDelayMs, 8_000),
    },
    maxBodyBytes: atLeast(
      1,
      'maxBodyBytes',
      options.maxBodyBytes,
      20 * 1024 * 1024,
    ),
    healthCheck: {
      intervalMs: duration(
        'healthCheck.intervalMs',
        healthCheck?.intervalMs,
        10_000,
      ),
      timeoutMs: atLeast(
        1,
        'healthCheck.timeoutMs',
        healthCheck?.timeoutMs,
        3_000,
        MAX_TIMER_MS,
      ),
      failureThreshold: atLeast(
        1,
        'healthCheck.failureThreshold',
        healthCheck?.failureThreshold,
        3,
      ),
      recoveryThreshold: atLeast(
        1,
        'healthCheck.recoveryThreshold',
        healthCheck?.recoveryThreshold,
        2,
      ),
    },
    auth: options.auth,
    rateLimit: options.rateLimit,
    artifactIndex: options.artifactIndex ?? new InMemoryArtifactIndex(),
    logger: options.logger ?? createJsonLogger(),
    fetch: fetchImpl,
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    maxEventSize:
      options.maxEventSize === undefined
        ? undefined
        : atLeast(1, 'maxEventSize', options.maxEventSize, 0),
  };
}

/** The longest delay a timer takes; longer ones fire at once (Node, browsers). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` (or `fallback` when undefined), checked to be a number in [`min`, `max`]. */
function atLeast(
  min: number,
  name: string,
  value: number | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max))
    throw invalid(
      `Invalid ${name} ${String(value)}: expected a number from ${min} to ${max}`,
    );
  return value;
}

/** A duration in ms (0 = off where the option allows it), within a timer's range. */
function duration(
  name: string,
  value: number | undefined,
  fallback: number,
): number {
  return atLeast(0, name, value, fallback, MAX_TIMER_MS);
}

function invalid(message: string): JanusError {
  return new JanusError({ message, code: 'invalid_request' });
}
