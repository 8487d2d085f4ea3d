import type { z } from 'zod/v4';
import { JanusError, type JanusErrorCode } from './janus-error';

const marker = 'janus.error.ProtocolValidationError';
const symbol = Symbol.for(marker);

/** What the error reports of an issue. */
interface ReportedIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * The issue to report. A union that no branch matched (`content`: a string
 * or parts; `tool_choice`: a string or an object) says only "Invalid input"
 * at the union; the branch that got furthest says what is wrong and where
 * (`messages.0.content.0.text`). Branches that failed at the union itself
 * (wrong type) do not count; without a deeper one the union issue stays.
 */
function mostSpecific(issue: z.core.$ZodIssue): ReportedIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: ReportedIssue | undefined;
  for (const branch of issue.errors) {
    const inner = branch[0] && mostSpecific(branch[0]);
    if (inner && inner.path.length > (best?.path.length ?? 0)) best = inner;
  }
  return best
    ? { path: [...issue.path, ...best.path], message: best.message }
    : issue;
}

/**
 * A value did not match a Janus schema. `cause` is the `ZodError`; `param` is
 * the dotted path of the first issue (`messages.0.role`; inside a union, of
 * the branch that got furthest: `messages.0.content.0.text`).
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
    const first = options.cause.issues[0];
    const issue = first && mostSpecific(first);
    // Bounded: a path or a message can quote input (an unknown key of a
    // strict object), which may be megabytes long.
    const param =
      issue && issue.path.length > 0
        ? cut(issue.path.join('.'), maxParamChars)
        : null;
    const where = param ? ` at '${param}'` : '';
    super({
      message: `Invalid ${options.subject}${where}: ${cut(issue?.message ?? 'validation failed', maxIssueChars)}`,
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

const maxParamChars = 200;
const maxIssueChars = 500;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
