import type { z } from 'zod/v4';
import { JanusError, type JanusErrorCode } from './janus-error';

const marker = 'janus.error.ProtocolValidationError';
const symbol = Symbol.for(marker);

/**
 * A value did not match a Janus schema. `cause` is the `ZodError`; `param` is
 * the dotted path of the first issue (`messages.0.role`), as OpenAI reports it.
 */
export class ProtocolValidationError extends JanusError {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;
  /** The value that failed validation. */
  readonly value: unknown;

  constructor(options: {
    /** What was being validated, e.g. `chat completion request`. */
    subject: string;
    value: unknown;
    cause: z.ZodError;
    /** `invalid_request` for client input (400), `invalid_response` for upstream data (502). */
    code?: Extract<JanusErrorCode, 'invalid_request' | 'invalid_response'>;
  }) {
    const issue = options.cause.issues[0];
    const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
    const where = param ? ` at '${param}'` : '';
    super({
      message: `Invalid ${options.subject}${where}: ${issue?.message ?? 'validation failed'}`,
      code: options.code ?? 'invalid_request',
      param,
      cause: options.cause,
    });
    this.name = 'ProtocolValidationError';
    this.value = options.value;
  }

  static override isInstance(error: unknown): error is ProtocolValidationError {
    return JanusError.hasMarker(error, marker);
  }
}
