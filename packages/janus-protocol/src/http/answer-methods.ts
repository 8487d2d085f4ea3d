import { JanusError } from '../errors/janus-error';
import { createErrorResponse } from '../errors/to-error-body';

/**
 * The error for a known path asked with a method it does not serve: 405
 * `method_not_allowed`. Send `allow` with it (RFC 9110 15.5.6).
 *
 * @example
 * ```ts
 * createErrorResponse(
 *   methodNotAllowedError({ method: 'GET', path, allow: ['POST'] }),
 *   { headers: { allow: 'POST' } },
 * );
 * ```
 */
export function methodNotAllowedError(options: {
  method: string;
  path: string;
  allow: readonly string[];
}): JanusError {
  return new JanusError({
    message: `${options.method} is not allowed on ${options.path}; use ${options.allow.join(', ')}`,
    code: 'method_not_allowed',
  });
}

/**
 * The answer to a HEAD request, made from the GET answer: the same status
 * and headers, no body (RFC 9110 9.3.2). The GET body is cancelled.
 */
export function toHeadResponse(response: Response): Response {
  response.body?.cancel().catch(() => {});
  return new Response(null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * The answer to a method that a known path does not serve: 204 with `allow`
 * for OPTIONS, else 405 `method_not_allowed` with `allow` and an OpenAI
 * error body.
 *
 * @param options.headers Extra response headers (e.g. `x-request-id`).
 */
export function answerUnservedMethod(options: {
  method: string;
  path: string;
  allow: readonly string[];
  headers?: Record<string, string>;
}): Response {
  const headers = { ...options.headers, allow: options.allow.join(', ') };
  if (options.method === 'OPTIONS')
    return new Response(null, { status: 204, headers });
  return createErrorResponse(methodNotAllowedError(options), { headers });
}
