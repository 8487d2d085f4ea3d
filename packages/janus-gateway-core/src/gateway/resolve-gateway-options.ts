import { JanusError } from '@janus/protocol';
import { InMemoryArtifactIndex } from '../artifacts/artifact-index';
import { createJsonLogger, type Logger } from '../observability/logger';
import type {
  CompetitorConfig,
  GatewayHealthCheck,
  GatewayOptions,
  GatewayRetry,
  GatewayTimeouts,
} from './gateway-options';

/** {@link GatewayOptions} with every default applied. @internal */
export type ResolvedGatewayOptions = ReturnType<typeof resolveGatewayOptions>;

/**
 * Applies defaults and checks the options: no unknown keys, the competitor
 * list (at least one, unique ids, http(s) base URLs without credentials or
 * query, a known default), artifact origins, `publicBaseUrl`, stores for
 * `auth`/`rateLimit`, and every duration, size and count (a finite number,
 * not negative; sizes and thresholds above 0, counts whole), so a typo such
 * as `NaN` from an environment variable fails at start instead of silently
 * turning keep-alives or timeouts off. Throws a `JanusError`
 * (`invalid_request`) on bad options.
 *
 * @internal
 */
export function resolveGatewayOptions(options: GatewayOptions) {
  checkKeys('', options, gatewayKeys);
  checkKeys('timeouts.', options.timeouts, timeoutKeys);
  checkKeys('retry.', options.retry, retryKeys);
  checkKeys('healthCheck.', options.healthCheck, healthCheckKeys);
  if (!Array.isArray(options.competitors) || options.competitors.length === 0)
    throw invalid('Invalid competitors: expected at least one competitor');
  const ids = new Set<string>();
  for (const competitor of options.competitors) {
    if (!/^[A-Za-z0-9][\w.:-]{0,127}$/.test(competitor.id))
      throw invalid(`Invalid competitor id '${competitor.id}'`);
    if (ids.has(competitor.id))
      throw invalid(`Duplicate competitor id '${competitor.id}'`);
    ids.add(competitor.id);
    checkKeys(`competitors['${competitor.id}'].`, competitor, competitorKeys);
    const problem = baseUrlProblem(competitor.url);
    if (problem)
      throw invalid(
        `Invalid URL for competitor '${competitor.id}': ${problem}`,
      );
    for (const origin of competitor.artifactOrigins ?? []) {
      const originProblem = baseUrlProblem(origin);
      if (originProblem)
        throw invalid(
          `Invalid artifactOrigins entry '${origin}' for competitor '${competitor.id}': ${originProblem}`,
        );
    }
  }
  if (options.publicBaseUrl !== undefined) {
    const problem = baseUrlProblem(options.publicBaseUrl);
    if (problem)
      throw invalid(
        `Invalid publicBaseUrl '${options.publicBaseUrl}': ${problem}`,
      );
  }
  if (
    options.auth !== undefined &&
    typeof options.auth.store?.verify !== 'function'
  )
    throw invalid('Invalid auth: auth.store must be an ApiKeyStore (verify)');
  if (
    options.rateLimit !== undefined &&
    typeof options.rateLimit.store?.consume !== 'function'
  )
    throw invalid(
      'Invalid rateLimit: rateLimit.store must be a RateLimitStore (consume)',
    );
  if (
    options.defaultCompetitor !== undefined &&
    !ids.has(options.defaultCompetitor)
  ) {
    throw invalid(`Unknown default competitor '${options.defaultCompetitor}'`);
  }
  // It would never be used (requests fall back to an enabled competitor),
  // while `/health` and `/v1/models` kept naming it as the default.
  const defaultEntry = options.competitors.find(
    competitor => competitor.id === options.defaultCompetitor,
  );
  if (defaultEntry?.enabled === false)
    throw invalid(
      `The default competitor '${defaultEntry.id}' is disabled: enable it or choose another default`,
    );
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
      attempts: count('retry.attempts', retry?.attempts, 3),
      baseDelayMs: duration('retry.baseDelayMs', retry?.baseDelayMs, 500),
      maxDelayMs: duration('retry.maxDelayMs', retry?.maxDelayMs, 8_000),
      failover: flag('retry.failover', retry?.failover, true),
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
      failureThreshold: count(
        'healthCheck.failureThreshold',
        healthCheck?.failureThreshold,
        3,
      ),
      recoveryThreshold: count(
        'healthCheck.recoveryThreshold',
        healthCheck?.recoveryThreshold,
        2,
      ),
    },
    auth: options.auth,
    rateLimit: options.rateLimit,
    artifactIndex: options.artifactIndex ?? new InMemoryArtifactIndex(),
    logger: neverThrowing(options.logger ?? createJsonLogger()),
    fetch: fetchImpl,
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    maxEventSize:
      options.maxEventSize === undefined
        ? undefined
        : atLeast(1, 'maxEventSize', options.maxEventSize, 0),
  };
}

/**
 * The logger, made safe to call anywhere: a failing log sink (a custom
 * shipper, a closed stderr) must not fail requests or, from a stream's
 * callbacks, take the process down. Its first failure is reported once on
 * stderr.
 */
function neverThrowing(logger: Logger): Logger {
  let reported = false;
  return {
    log(entry) {
      try {
        logger.log(entry);
      } catch (error) {
        if (reported) return;
        reported = true;
        try {
          console.error('janus gateway: the logger failed:', error);
        } catch {}
      }
    },
  };
}

/** The longest delay a timer takes; longer ones fire at once (Node, browsers). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` (or `fallback` when undefined), checked to be a boolean. */
function flag(name: string, value: boolean | undefined, fallback: boolean) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw invalid(`Invalid ${name}: expected true or false`);
  return value;
}

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

/** A whole number of at least 1 (attempts, thresholds). */
function count(name: string, value: number | undefined, fallback: number) {
  const checked = atLeast(1, name, value, fallback);
  if (!Number.isInteger(checked))
    throw invalid(`Invalid ${name} ${checked}: expected a whole number`);
  return checked;
}

/**
 * What is wrong with a base URL the gateway appends paths to (a competitor,
 * an artifact origin, `publicBaseUrl`), or `undefined` when nothing is.
 */
function baseUrlProblem(text: string): string | undefined {
  if (typeof text !== 'string' || !URL.canParse(text))
    return 'expected an absolute URL';
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `expected http: or https:, got ${url.protocol}`;
  if (url.username || url.password)
    return 'no credentials in the URL (use apiKey)';
  if (url.search || url.hash)
    return 'no query or fragment (paths are appended)';
  return undefined;
}

// Every option key, so a misspelt one (`timeouts.firstByte`) fails at start
// instead of being ignored; `Record<keyof …>` keeps the lists complete.
const gatewayKeys: Record<keyof GatewayOptions, true> = {
  competitors: true,
  defaultCompetitor: true,
  keepAliveIntervalMs: true,
  timeouts: true,
  retry: true,
  maxBodyBytes: true,
  healthCheck: true,
  auth: true,
  rateLimit: true,
  artifactIndex: true,
  logger: true,
  fetch: true,
  publicBaseUrl: true,
  maxEventSize: true,
};
const competitorKeys: Record<keyof CompetitorConfig, true> = {
  id: true,
  name: true,
  description: true,
  url: true,
  apiKey: true,
  enabled: true,
  artifactOrigins: true,
};
const timeoutKeys: Record<keyof GatewayTimeouts, true> = {
  firstByteMs: true,
  idleMs: true,
  totalMs: true,
};
const retryKeys: Record<keyof GatewayRetry, true> = {
  attempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
  failover: true,
};
const healthCheckKeys: Record<keyof GatewayHealthCheck, true> = {
  intervalMs: true,
  timeoutMs: true,
  failureThreshold: true,
  recoveryThreshold: true,
};

function checkKeys(
  prefix: string,
  value: object | undefined,
  known: Record<string, true>,
): void {
  if (value === undefined) return;
  for (const key of Object.keys(value))
    if (!Object.hasOwn(known, key))
      throw invalid(`Unknown option '${prefix}${key}'`);
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
