import { JanusError } from '../errors/janus-error';

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
