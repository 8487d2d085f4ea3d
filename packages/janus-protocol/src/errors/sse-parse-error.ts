import { JanusError } from './janus-error';

const marker = 'janus.error.SseParseError';
const symbol = Symbol.for(marker);

/** Why an SSE stream could not be decoded. */
export type SseParseErrorKind =
  /** A `data:` payload was not valid JSON. */
  | 'invalid_json'
  /** One event exceeded the configured maximum size. */
  | 'event_too_large'
  /** The stream ended without `data: [DONE]`. */
  | 'unexpected_end'
  /** The byte stream itself failed (network error, aborted body). */
  | 'read_failed';

/**
 * Raised (or emitted as an `error` part) when an SSE stream is malformed. The
 * offending payload, truncated, is kept in `line` so logs can name it.
 */
export class SseParseError extends JanusError {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;
  /** What went wrong. */
  readonly kind: SseParseErrorKind;
  /** The offending `data:` payload (first 200 characters), when there is one. */
  readonly line: string | undefined;

  constructor(options: {
    message: string;
    kind: SseParseErrorKind;
    line?: string;
    cause?: unknown;
  }) {
    super({
      message: options.message,
      code:
        options.kind === 'invalid_json' ? 'invalid_response' : 'stream_error',
      cause: options.cause,
    });
    this.name = 'SseParseError';
    this.kind = options.kind;
    this.line =
      options.line === undefined ? undefined : options.line.slice(0, 200);
  }

  static override isInstance(error: unknown): error is SseParseError {
    return JanusError.hasMarker(error, marker);
  }
}
