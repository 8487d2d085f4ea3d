import type { z } from 'zod/v4';
import { JanusError } from '../errors/janus-error';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { fastPathFor } from '../internal/fast-paths';
import { safeParseJson } from '../internal/safe-parse-json';

/** The outcome of {@link safeValidate} / {@link safeParseJsonWith}. */
export type ValidationResult<T> =
  | { success: true; value: T }
  | { success: false; error: JanusError };

/**
 * Validates `value` against `schema`, returning a result with a
 * {@link ProtocolValidationError} (400 `invalid_request` by default) instead
 * of throwing.
 *
 * @example
 * ```ts
 * const result = safeValidate({ value: body, schema: chatCompletionRequestSchema, subject: 'request' });
 * if (!result.success) return createErrorResponse(result.error);
 * ```
 */
export function safeValidate<T>(options: {
  value: unknown;
  schema: z.ZodType<T>;
  /** What is validated, for the error message. */
  subject?: string;
  /** `invalid_request` (client input, 400) or `invalid_response` (upstream, 502). */
  code?: 'invalid_request' | 'invalid_response';
}): ValidationResult<T> {
  const result = options.schema.safeParse(options.value);
  if (result.success) return { success: true, value: result.data };
  return {
    success: false,
    error: new ProtocolValidationError({
      subject: options.subject ?? 'value',
      value: options.value,
      cause: result.error,
      code: options.code,
    }),
  };
}

/**
 * Parses JSON text and validates it; never throws. Chat completion requests
 * and chunks of the common shape skip zod (a hand-written check of a subset
 * of the schema, with the same result; see internal/fast-paths.ts).
 */
export function safeParseJsonWith<T>(options: {
  text: string;
  schema: z.ZodType<T>;
  subject?: string;
  code?: 'invalid_request' | 'invalid_response';
}): ValidationResult<T> {
  const parsed = safeParseJson(options.text);
  if (!parsed.success) {
    return {
      success: false,
      error: new JanusError({
        message: `Invalid JSON in ${options.subject ?? 'body'}`,
        code:
          options.code === 'invalid_response'
            ? 'invalid_response'
            : 'invalid_json',
        cause: parsed.error,
      }),
    };
  }
  if (fastPathFor(options.schema)?.(parsed.value))
    return { success: true, value: parsed.value as T };
  return safeValidate({ ...options, value: parsed.value });
}
