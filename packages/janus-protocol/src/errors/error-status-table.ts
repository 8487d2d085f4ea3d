import type { JanusErrorCode } from './janus-error';

/** The OpenAI error `type` values Janus uses. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error';

/**
 * The one table from error code to HTTP status and OpenAI error `type`
 * (STYLE.md 6.3, after tRPC's `getHTTPStatusCode`).
 */
export const errorStatusTable = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  invalid_json: { status: 400, type: 'invalid_request_error' },
  unauthorized: { status: 401, type: 'authentication_error' },
  forbidden: { status: 403, type: 'permission_error' },
  not_found: { status: 404, type: 'not_found_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  // The path exists, the method does not; send `allow` with it (RFC 9110 15.5.6).
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  conflict: { status: 409, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  over_capacity: { status: 429, type: 'rate_limit_error' },
  // 499 is nginx's "client closed request"; it only ever reaches logs.
  cancelled: { status: 499, type: 'api_error' },
  internal_error: { status: 500, type: 'api_error' },
  upstream_error: { status: 502, type: 'api_error' },
  invalid_response: { status: 502, type: 'api_error' },
  stream_error: { status: 502, type: 'api_error' },
  upstream_unavailable: { status: 503, type: 'api_error' },
  timeout: { status: 504, type: 'timeout_error' },
} as const satisfies Record<
  JanusErrorCode,
  { status: number; type: OpenAIErrorType }
>;

/** The HTTP status for an error code. */
export function statusForErrorCode(code: JanusErrorCode): number {
  return errorStatusTable[code].status;
}

/** The error code for an HTTP status (used to classify upstream answers). */
export function errorCodeForStatus(status: number): JanusErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'invalid_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    case 499:
      return 'cancelled';
    case 503:
      return 'upstream_unavailable';
    case 408:
    case 504:
      return 'timeout';
    default:
      return status >= 500 ? 'upstream_error' : 'invalid_request';
  }
}
