import type { RequestHandler } from 'express';

/**
 * Response headers a browser client may read: the gateway's own, the
 * artifact ones (range requests, downloads, revalidation), the retry
 * hints the `openai` SDK honours and OpenAI's rate-limit headers.
 */
const EXPOSED_HEADERS = [
  'x-request-id',
  'x-janus-competitor',
  'etag',
  'content-range',
  'content-disposition',
  'content-length',
  'accept-ranges',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
].join(', ');

/** A comma-separated list of RFC 9110 header names (tokens). */
const HEADER_NAME_LIST =
  /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/**
 * The example's CORS layer. Every response gets
 * `access-control-allow-origin` and `access-control-expose-headers`. Only a
 * real preflight (`OPTIONS` with `origin` and
 * `access-control-request-method`) is answered here (204); any other
 * `OPTIONS` goes on to the gateway, which answers it with `allow`.
 *
 * The preflight allows the request headers the browser asks for (the
 * `openai` SDK sends `x-stainless-*`, `openai-organization`,
 * `openai-project` and more, and callers add their own). Reflecting them is
 * safe here: the gateway ignores headers it does not know and forwards no
 * client header upstream (docs/gateway.md), and with no
 * `access-control-allow-credentials` a browser sends no cookies. A list
 * that is not made of header names is not reflected (the preflight then
 * allows only the CORS-safelisted headers).
 *
 * With one origin (or `*`) every answer names it. With several, an answer
 * names the request's `origin` when it is one of them (and none otherwise,
 * so the browser refuses it), and says `vary: origin` either way so that
 * caches keep one answer per origin.
 *
 * @param options.origins `['*']` or serialised origins (checked by `readConfig`).
 * @returns Express middleware, mounted before the gateway.
 */
export function createCorsMiddleware(options: {
  origins: readonly string[];
}): RequestHandler {
  const single = options.origins.length === 1 ? options.origins[0] : undefined;
  const allowed = new Set(options.origins);
  return (request, response, next) => {
    if (single !== undefined) {
      response.setHeader('access-control-allow-origin', single);
    } else {
      response.vary('origin');
      const origin = request.headers.origin;
      if (origin !== undefined && allowed.has(origin))
        response.setHeader('access-control-allow-origin', origin);
    }
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    const isPreflight =
      request.method === 'OPTIONS' &&
      request.headers.origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined;
    if (!isPreflight) {
      next();
      return;
    }
    response.setHeader('access-control-allow-methods', 'GET, HEAD, POST');
    const requested = request.headers['access-control-request-headers'];
    if (requested !== undefined && HEADER_NAME_LIST.test(requested))
      response.setHeader('access-control-allow-headers', requested);
    response.setHeader('access-control-max-age', '600');
    // The answer depends on what was asked: caches must key on it.
    response.vary('access-control-request-method');
    response.vary('access-control-request-headers');
    response.status(204).end();
  };
}
