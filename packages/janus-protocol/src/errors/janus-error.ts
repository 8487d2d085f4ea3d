/**
 * Every error code a Janus package raises. Each maps to one HTTP status and
 * one OpenAI error `type` through {@link errorStatusTable}.
 */
export type JanusErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'model_not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'over_capacity'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'invalid_response'
  | 'stream_error'
  | 'timeout'
  | 'cancelled'
  | 'internal_error';

const marker = 'janus.error';
const symbol = Symbol.for(marker);

/** Options shared by every Janus error constructor. */
export interface JanusErrorOptions {
  /** Human-readable message; shown to API clients as `error.message`. */
  message: string;
  /** Machine-readable code; selects the HTTP status and OpenAI error type. */
  code?: JanusErrorCode;
  /** The request field at fault (OpenAI `error.param`), e.g. `messages.0.content`. */
  param?: string | null;
  /** The underlying error, kept for logs and `error.cause` chains. */
  cause?: unknown;
}

/**
 * Base class of every error raised by Janus packages.
 *
 * Never rely on `instanceof` across packages (two installed copies of a
 * package break it); use the static `isInstance` guards, which check a
 * `Symbol.for` marker (the vercel/ai `AISDKError` pattern).
 *
 * @example
 * ```ts
 * if (JanusError.isInstance(error)) console.log(error.code);
 * ```
 */
export class JanusError extends Error {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;

  /** Machine-readable code; see {@link JanusErrorCode}. */
  readonly code: JanusErrorCode;
  /** The request field at fault, if any (OpenAI `error.param`). */
  readonly param: string | null;

  constructor({
    message,
    code = 'internal_error',
    param,
    cause,
  }: JanusErrorOptions) {
    super(message, { cause });
    this.name = 'JanusError';
    this.code = code;
    this.param = param ?? null;
  }

  /** Whether `error` is a {@link JanusError} (from any copy of this package). */
  static isInstance(error: unknown): error is JanusError {
    return JanusError.hasMarker(error, marker);
  }

  /** @internal Checks the `Symbol.for(markerName)` brand on an object. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    return (
      error != null &&
      typeof error === 'object' &&
      (error as Record<symbol, unknown>)[Symbol.for(markerName)] === true
    );
  }
}
