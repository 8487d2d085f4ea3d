import { JanusError, type JanusErrorCode } from './janus-error';

const marker = 'janus.error.UpstreamError';
const symbol = Symbol.for(marker);

/** Statuses worth retrying before the first byte (cold starts, overload). */
const retryableStatuses = new Set([408, 429, 502, 503, 504]);

/**
 * An upstream (competitor, LLM, Sandy) failed: a connection error, a non-2xx
 * status, or an `{"error":…}` event inside its stream.
 */
export class UpstreamError extends JanusError {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;
  /** The upstream HTTP status, when it answered with one. */
  readonly statusCode: number | undefined;
  /** The upstream body (truncated to 2 KB), when there was one. */
  readonly responseBody: string | undefined;
  /** Whether retrying the same request may succeed. */
  readonly isRetryable: boolean;
  /** The upstream's own error `type`/`code`, when it sent an OpenAI error body. */
  readonly upstreamCode: string | undefined;

  constructor(options: {
    message: string;
    statusCode?: number;
    responseBody?: string;
    isRetryable?: boolean;
    upstreamCode?: string;
    code?: JanusErrorCode;
    param?: string | null;
    cause?: unknown;
  }) {
    super({
      message: options.message,
      code: options.code ?? codeForStatus(options.statusCode),
      param: options.param,
      cause: options.cause,
    });
    this.name = 'UpstreamError';
    this.statusCode = options.statusCode;
    this.responseBody = options.responseBody?.slice(0, 2048);
    this.upstreamCode = options.upstreamCode;
    this.isRetryable =
      options.isRetryable ??
      (options.statusCode === undefined ||
        retryableStatuses.has(options.statusCode));
  }

  static override isInstance(error: unknown): error is UpstreamError {
    return JanusError.hasMarker(error, marker);
  }
}

function codeForStatus(status: number | undefined): JanusErrorCode {
  if (status === undefined) return 'upstream_unavailable';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'upstream_unavailable';
  if (status === 504 || status === 408) return 'timeout';
  return 'upstream_error';
}
