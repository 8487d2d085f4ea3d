import type { JanusError } from '@janus/protocol';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { Logger } from '../observability/logger';
import type { CompetitorRegistry } from '../registry/competitor-registry';
import type { ResolvedGatewayOptions } from './resolve-gateway-options';

/** What every route handler gets: options and shared state. @internal */
export interface GatewayContext {
  options: ResolvedGatewayOptions;
  registry: CompetitorRegistry;
  metrics: GatewayMetrics;
  logger: Logger;
  /**
   * Chat requests in flight, each with how to end it with an error
   * (`close({ abortInFlight })`); a request removes itself when it ends.
   */
  inFlight: Set<(error: JanusError) => void>;
  /** Ends a request: metrics, the `request.end` log line, cleanups. Idempotent. */
  finish(
    scope: RequestScope,
    outcome: { status: number; error?: JanusError; appendedDone?: boolean },
  ): void;
  /**
   * Passive health: the request could not reach its competitor (the
   * connection failed before any answer; `error` is the network error), so
   * that counts as a failed health check of `scope.competitor`.
   */
  reportUnreachable(scope: RequestScope, error: unknown): void;
}

/** Per-request state. @internal */
export interface RequestScope {
  request: Request;
  /** Accepted from `x-request-id` or generated; echoed and forwarded. */
  requestId: string;
  startedAt: number;
  route: string;
  /** The chosen competitor, once routed. */
  competitor?: string;
  /** The authenticated key id, when auth is on. */
  keyId?: string;
  retries: number;
  /** The sum of the retry delays so far (a stream's commit window skips them). */
  retryDelayMs: number;
  ttftMs?: number;
  /** Headers every response of this request carries (`x-request-id`). */
  responseHeaders: Record<string, string>;
  /** Run once when the request ends. */
  cleanups: (() => void)[];
  /** A stream answers later: `finish` is called when the stream ends. */
  deferFinish: boolean;
  finished: boolean;
}
