import { JanusError } from './janus-error';

const marker = 'janus.error.TimeoutError';
const symbol = Symbol.for(marker);

/** Which of the separate timeouts fired. */
export type TimeoutPhase = 'connect' | 'first_byte' | 'idle' | 'total';

/** A connect/first-byte, idle-between-events or total timeout fired. */
export class TimeoutError extends JanusError {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;
  /** Which timeout fired. */
  readonly phase: TimeoutPhase;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: {
    phase: TimeoutPhase;
    timeoutMs: number;
    message?: string;
    cause?: unknown;
  }) {
    super({
      message:
        options.message ??
        `Timed out after ${options.timeoutMs} ms (${options.phase.replace('_', ' ')} timeout)`,
      code: 'timeout',
      cause: options.cause,
    });
    this.name = 'TimeoutError';
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
  }

  static override isInstance(error: unknown): error is TimeoutError {
    return JanusError.hasMarker(error, marker);
  }
}
