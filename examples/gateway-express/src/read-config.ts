import type { CompetitorConfig, GatewayOptions } from '@janus/gateway-core';

/** The app's settings, read from the environment. */
export interface AppConfig {
  port: number;
  /** Bind address (default all interfaces). */
  host: string | undefined;
  gateway: Pick<
    GatewayOptions,
    | 'competitors'
    | 'defaultCompetitor'
    | 'publicBaseUrl'
    | 'keepAliveIntervalMs'
    | 'timeouts'
    | 'healthCheck'
    | 'retry'
  >;
  /** How long a shutdown lets requests in flight finish before cutting them. */
  shutdownGraceMs: number;
  /** Client API keys; empty means the gateway is open. */
  apiKeys: string[];
  /** Require a client key for `/v1/artifacts/:id` too (needs `apiKeys`). */
  protectArtifacts: boolean;
  /** Requests per minute per key (0 = unlimited). */
  rateLimitPerMinute: number;
  /**
   * Origins allowed by CORS: `['*']` (the default, also when empty) or
   * serialised origins (`https://app.example`), checked at start-up.
   */
  corsOrigins: string[];
}

/** The demo competitors (ports of docs/demo.md) when `JANUS_COMPETITORS` is unset. */
const DEFAULT_COMPETITORS =
  'baseline-agent-cli=http://127.0.0.1:8001,baseline-langchain=http://127.0.0.1:8002';

/**
 * Reads `PORT`, `HOST`, `JANUS_COMPETITORS` (`id=url,id=url`),
 * `JANUS_DEFAULT_COMPETITOR`, `JANUS_API_KEYS` (comma-separated),
 * `JANUS_COMPETITOR_KEYS` (`id=key,…`), `JANUS_PUBLIC_BASE_URL`,
 * `JANUS_KEEP_ALIVE_MS`, `JANUS_RATE_LIMIT_PER_MINUTE`, `JANUS_CORS_ORIGIN`
 * (`*` or comma-separated origins), `JANUS_PROTECT_ARTIFACTS`
 * (`true`/`false`, `1`/`0`), `JANUS_FIRST_BYTE_TIMEOUT_MS`,
 * `JANUS_IDLE_TIMEOUT_MS`, `JANUS_TOTAL_TIMEOUT_MS` (0 disables one),
 * `JANUS_HEALTH_INTERVAL_MS` (0: no health checks),
 * `JANUS_HEALTH_TIMEOUT_MS`, `JANUS_HEALTH_FAILURE_THRESHOLD`,
 * `JANUS_HEALTH_RECOVERY_THRESHOLD` (each at least 1), `JANUS_FAILOVER`
 * (`true`/`false`, default on) and
 * `JANUS_SHUTDOWN_GRACE_MS`. Numbers are decimal digits only.
 * Throws a readable error for malformed values.
 */
export function readConfig(env: Record<string, string | undefined>): AppConfig {
  const keys = parsePairs(
    env.JANUS_COMPETITOR_KEYS ?? '',
    'JANUS_COMPETITOR_KEYS',
  );
  // Unset means the demo; set but empty is a mistake (a variable that lost
  // its value), not a request for the demo competitors.
  if (env.JANUS_COMPETITORS !== undefined && !env.JANUS_COMPETITORS.trim())
    throw new Error(
      'JANUS_COMPETITORS is empty: give id=url,id=url (unset it for the demo competitors)',
    );
  const competitors: CompetitorConfig[] = [
    ...parsePairs(
      env.JANUS_COMPETITORS ?? DEFAULT_COMPETITORS,
      'JANUS_COMPETITORS',
    ),
  ].map(([id, url]) => ({ id, url, apiKey: keys.get(id) }));
  for (const id of keys.keys()) {
    if (!competitors.some(competitor => competitor.id === id))
      throw new Error(
        `JANUS_COMPETITOR_KEYS names an unknown competitor '${id}'`,
      );
  }
  const apiKeys = (env.JANUS_API_KEYS ?? '')
    .split(',')
    .map(key => key.trim())
    .filter(Boolean);
  // `Authorization: Bearer a b` is malformed, so such a key could never
  // authenticate. The key itself is a secret: name its position only.
  const spaced = apiKeys.findIndex(key => /\s/.test(key));
  if (spaced !== -1)
    throw new Error(
      `JANUS_API_KEYS: key ${spaced + 1} contains whitespace, which no Authorization header can carry`,
    );
  const protectArtifacts = readBoolean(env, 'JANUS_PROTECT_ARTIFACTS');
  // Without keys there is nothing to check the artifact requests against.
  if (protectArtifacts && apiKeys.length === 0)
    throw new Error('JANUS_PROTECT_ARTIFACTS needs JANUS_API_KEYS');
  return {
    port: readInteger(env, 'PORT', 8000, 65_535),
    host: env.HOST || undefined,
    gateway: {
      competitors,
      defaultCompetitor: env.JANUS_DEFAULT_COMPETITOR?.trim() || undefined,
      publicBaseUrl: env.JANUS_PUBLIC_BASE_URL || undefined,
      keepAliveIntervalMs: env.JANUS_KEEP_ALIVE_MS
        ? readInteger(env, 'JANUS_KEEP_ALIVE_MS', 1_000, 2 ** 31 - 1)
        : undefined,
      timeouts: {
        firstByteMs: readOptionalMs(env, 'JANUS_FIRST_BYTE_TIMEOUT_MS'),
        idleMs: readOptionalMs(env, 'JANUS_IDLE_TIMEOUT_MS'),
        totalMs: readOptionalMs(env, 'JANUS_TOTAL_TIMEOUT_MS'),
      },
      // Unset or empty: gateway-core's default (on).
      retry: env.JANUS_FAILOVER?.trim()
        ? { failover: readBoolean(env, 'JANUS_FAILOVER') }
        : undefined,
      healthCheck: {
        intervalMs: readOptionalMs(env, 'JANUS_HEALTH_INTERVAL_MS'),
        // A check needs some time, and a threshold of 0 means nothing: from 1.
        timeoutMs: readOptionalInteger(
          env,
          'JANUS_HEALTH_TIMEOUT_MS',
          1,
          maxTimerMs,
        ),
        failureThreshold: readOptionalInteger(
          env,
          'JANUS_HEALTH_FAILURE_THRESHOLD',
          1,
          Number.MAX_SAFE_INTEGER,
        ),
        recoveryThreshold: readOptionalInteger(
          env,
          'JANUS_HEALTH_RECOVERY_THRESHOLD',
          1,
          Number.MAX_SAFE_INTEGER,
        ),
      },
    },
    shutdownGraceMs: readInteger(
      env,
      'JANUS_SHUTDOWN_GRACE_MS',
      10_000,
      maxTimerMs,
    ),
    apiKeys,
    protectArtifacts,
    rateLimitPerMinute: readInteger(
      env,
      'JANUS_RATE_LIMIT_PER_MINUTE',
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    corsOrigins: readCorsOrigins(env.JANUS_CORS_ORIGIN),
  };
}

/**
 * `*`, or a comma-separated list of serialised origins (`scheme://host` with
 * an optional port, nothing else). Checked here because a value Node
 * refuses in a header (a newline, say) would otherwise fail every request.
 * Empty is unset: an empty `access-control-allow-origin` allows nothing.
 */
function readCorsOrigins(text: string | undefined): string[] {
  if (!text?.trim()) return ['*'];
  const origins = text.split(',').map(origin => origin.trim());
  for (const origin of origins) {
    if (origin === '*' && origins.length === 1) continue;
    if (origin === '*')
      throw new Error(
        "Invalid JANUS_CORS_ORIGIN: '*' cannot be listed with other origins",
      );
    if (!isOrigin(origin))
      throw new Error(
        `Invalid JANUS_CORS_ORIGIN ${JSON.stringify(text)}: ${JSON.stringify(origin)} is not an origin such as https://app.example (give * or comma-separated origins)`,
      );
  }
  return origins;
}

/** An `http:`/`https:` origin exactly as browsers send it in `origin`. */
function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === text
  );
}

/** The longest delay a Node timer takes. */
const maxTimerMs = 2 ** 31 - 1;

/** A duration in ms (0 allowed), or `undefined` to keep the gateway's default. */
function readOptionalMs(
  env: Record<string, string | undefined>,
  name: string,
): number | undefined {
  return readOptionalInteger(env, name, 0, maxTimerMs);
}

/** A whole number from `min` to `max`, or `undefined` (unset or empty) to keep the gateway's default. */
function readOptionalInteger(
  env: Record<string, string | undefined>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  return env[name]?.trim() ? readInteger(env, name, 0, max, min) : undefined;
}

/**
 * A whole number from `min` (default 0) to `max`, in decimal digits only
 * (`Number()` would also take `0x2527`, `1e3` or `0b1`); `fallback` when
 * unset or empty.
 */
function readInteger(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  max: number,
  min = 0,
): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(
      `Invalid ${name} '${env[name]}': expected a whole number from ${min} to ${max}`,
    );
  return value;
}

/** `true`/`1` or `false`/`0` (any case); `false` when unset or empty. */
function readBoolean(
  env: Record<string, string | undefined>,
  name: string,
): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (!text || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  throw new Error(`Invalid ${name} '${env[name]}': expected true or false`);
}

function parsePairs(text: string, name: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const item of text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)) {
    const separator = item.indexOf('=');
    if (separator <= 0 || separator === item.length - 1)
      throw new Error(`${name}: expected id=value, got '${item}'`);
    const id = item.slice(0, separator).trim();
    // A Map would keep only the last one, silently.
    if (pairs.has(id)) throw new Error(`${name}: duplicate id '${id}'`);
    pairs.set(id, item.slice(separator + 1).trim());
  }
  return pairs;
}
