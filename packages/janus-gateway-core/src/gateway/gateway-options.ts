import type { ArtifactIndex } from '../artifacts/artifact-index';
import type { ApiKeyStore } from '../auth/api-key-store';
import type { RateLimitStore } from '../auth/rate-limit-store';
import type { Logger } from '../observability/logger';

/** One competitor the gateway can route to. */
export interface CompetitorConfig {
  /** Stable id; clients select it with `competitor_id` or `model`. */
  id: string;
  /** Display name (defaults to the id). */
  name?: string;
  description?: string;
  /** Base URL; the gateway calls `<url>/v1/chat/completions` and `<url>/health`. */
  url: string;
  /**
   * Sent upstream as `Authorization: Bearer <apiKey>` (the client's key never
   * is). `undefined` is accepted, so `process.env.X` can be passed as it is.
   */
  apiKey?: string | undefined;
  /** Disabled competitors are not listed and not routable (default `true`). */
  enabled?: boolean;
  /**
   * Extra origins (besides the competitor's own) the gateway may fetch this
   * competitor's artifacts from, e.g. its Sandy host. Default: none.
   */
  artifactOrigins?: string[];
}

/** The three separate upstream timeouts, in milliseconds (0 disables one). */
export interface GatewayTimeouts {
  /**
   * Per attempt. Stream: from sending the request until the first body
   * byte. Non-stream (whose answer comes whole): only until the competitor
   * accepts the connection, and only with a `fetch` that reports it
   * (`createNodeFetch`). Default 30 000.
   */
  firstByteMs?: number;
  /** Longest silence between two upstream reads once the body flows. Default 120 000. */
  idleMs?: number;
  /** Whole request, retries included; all that bounds a non-stream answer. Default 900 000 (15 min). */
  totalMs?: number;
}

/**
 * Cold-start retries: 429/502/503/504 (and connect errors) before the first
 * byte only, and failover of default-routed requests to another competitor
 * when theirs cannot be reached; never an answer with `x-should-retry: false`. An error answer
 * after retries says `x-should-retry: false`, so OpenAI SDKs do not retry it
 * again.
 */
export interface GatewayRetry {
  /** Attempts in total, the first included (default 3; 1 disables retries). */
  attempts?: number;
  /** First backoff (default 500 ms), doubled each time, honouring `retry-after`. */
  baseDelayMs?: number;
  /** Backoff cap (default 8 000 ms). */
  maxDelayMs?: number;
  /**
   * Failover for default-routed requests (no `competitor_id`, a `model` that
   * names no competitor): when the competitor cannot be connected to at all
   * (refused, unreachable), so it never saw the request, the next attempt
   * goes at once to another enabled competitor not known to be down. A
   * request that names its competitor is never sent elsewhere. Default
   * `true`.
   */
  failover?: boolean;
}

/** Active health checks: `GET <competitor>/health`. */
export interface GatewayHealthCheck {
  /** Between two rounds (default 10 000 ms; 0 disables the timer). */
  intervalMs?: number;
  /** Per check (default 3 000 ms). */
  timeoutMs?: number;
  /** Consecutive failures that mark a competitor unhealthy (default 3). */
  failureThreshold?: number;
  /** Consecutive successes that mark an unhealthy competitor healthy again (default 2). */
  recoveryThreshold?: number;
}

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  /** The competitors (at least one). */
  competitors: CompetitorConfig[];
  /** Id of the default competitor (default: the first enabled one). */
  defaultCompetitor?: string;
  /**
   * SSE keep-alive comment interval while the upstream is silent, and how
   * long a stream waits for the competitor (retry delays not counted) before
   * it commits to `200` (default 1 000 ms).
   */
  keepAliveIntervalMs?: number;
  timeouts?: GatewayTimeouts;
  retry?: GatewayRetry;
  /** Largest accepted request body (default 20 MiB); larger → 413. */
  maxBodyBytes?: number;
  healthCheck?: GatewayHealthCheck;
  /** Client authentication; without it the gateway is open. */
  auth?: {
    store: ApiKeyStore;
    /** Also require a key for `GET /v1/artifacts/:id` (default `false`: ids are unguessable capabilities). */
    protectArtifacts?: boolean;
  };
  /** Per-key (or per-client) limits on `POST /v1/chat/completions`. */
  rateLimit?: {
    store: RateLimitStore;
    /** The bucket key; default: the API key id, else `anonymous`. */
    keyFor?: (options: {
      request: Request;
      keyId: string | undefined;
    }) => string;
  };
  /**
   * Where artifact URLs are remembered (default: in memory, at most 100,000;
   * each until its `ttl_seconds`, capped at 24 h, from when the gateway saw it).
   */
  artifactIndex?: ArtifactIndex;
  /** Structured logger (default: JSON lines on stderr). */
  logger?: Logger;
  /** The `fetch` used upstream (default: `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Makes artifact URLs absolute, e.g. `https://gateway.example.com`; default relative. */
  publicBaseUrl?: string;
  /** Largest single upstream SSE event, in characters (default 8 Mi = 8,388,608). */
  maxEventSize?: number;
}
