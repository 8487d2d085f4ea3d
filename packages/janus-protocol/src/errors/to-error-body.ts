import type { ErrorBody } from '../schemas/error-body';
import { errorStatusTable } from './error-status-table';
import { toJanusError } from './to-janus-error';

/**
 * Serialises any error to the OpenAI error body
 * `{ error: { message, type, param, code } }`.
 *
 * @example
 * ```ts
 * return Response.json(toErrorBody(error), { status: toErrorStatus(error) });
 * ```
 */
export function toErrorBody(error: unknown): ErrorBody {
  const janusError = toJanusError(error);
  return {
    error: {
      message: janusError.message,
      type: tableEntry(janusError.code).type,
      param: janusError.param,
      code: janusError.code,
    },
  };
}

/** The HTTP status for any error (via {@link toJanusError} and the status table). */
export function toErrorStatus(error: unknown): number {
  return tableEntry(toJanusError(error).code).status;
}

/**
 * A complete JSON error `Response` for any error, with the right status.
 * Extra headers (e.g. `retry-after`, `x-request-id`) can be added.
 */
export function createErrorResponse(
  error: unknown,
  options: { headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(toErrorBody(error)), {
    status: toErrorStatus(error),
    headers,
  });
}

/**
 * The table entry for a code. A JanusError from another copy of this package
 * (found by `isInstance`) may carry a code this copy does not know; it is
 * answered as an internal error instead of crashing the error path.
 */
function tableEntry(code: string): { status: number; type: string } {
  return Object.hasOwn(errorStatusTable, code)
    ? errorStatusTable[code as keyof typeof errorStatusTable]
    : errorStatusTable.internal_error;
}
