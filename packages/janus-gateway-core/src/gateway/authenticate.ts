import { JanusError } from '@janus/protocol';
import { setRateLimitHeaders } from '../auth/rate-limit-headers';
import { headerOf } from '../internal/request-head';
import type { GatewayContext, RequestScope } from './gateway-context';

/**
 * Checks `Authorization: Bearer <key>` against the configured
 * `ApiKeyStore`. Returns the key id, or `undefined` when auth is off; throws
 * a 401 `unauthorized` JanusError otherwise, with `WWW-Authenticate: Bearer`
 * (RFC 6750 3; `error="invalid_request"` for a header that is there but not
 * `Bearer <key>`, `error="invalid_token"` for an unknown key).
 *
 * @internal
 */
export async function authenticate(
  context: GatewayContext,
  scope: RequestScope,
): Promise<string | undefined> {
  const auth = context.options.auth;
  if (auth === undefined) return undefined;
  const header = headerOf(scope.request, 'authorization')?.trim() ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const identity = match ? await auth.store.verify(match[1]!) : undefined;
  if (identity !== undefined) return identity.keyId;
  let message = 'Missing API key: send Authorization: Bearer <key>';
  let challenge = 'Bearer';
  if (match) {
    message = 'Invalid API key';
    challenge = 'Bearer error="invalid_token"';
  } else if (header !== '') {
    message = 'Malformed Authorization header: expected Bearer <key>';
    challenge = 'Bearer error="invalid_request"';
  }
  scope.responseHeaders['www-authenticate'] = challenge;
  throw new JanusError({ message, code: 'unauthorized' });
}

/**
 * Takes one token from the caller's bucket; throws 429 `rate_limited` with a
 * `retry-after` header (seconds; `retry-after-ms` too) when it is empty. When the store's decision
 * carries its numbers, every answer of the request (the 429, an error, a
 * completion or a stream's headers) gets OpenAI's `x-ratelimit-*-requests`
 * headers, computed here once.
 *
 * @internal
 */
export async function enforceRateLimit(
  context: GatewayContext,
  scope: RequestScope,
): Promise<void> {
  const rateLimit = context.options.rateLimit;
  if (rateLimit === undefined) return;
  const key =
    rateLimit.keyFor?.({ request: scope.request, keyId: scope.keyId }) ??
    scope.keyId ??
    'anonymous';
  const decision = await rateLimit.store.consume({ key });
  setRateLimitHeaders(scope.responseHeaders, decision);
  if (decision.allowed) return;
  const seconds = Number.isFinite(decision.retryAfterMs)
    ? Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
    : 3600;
  scope.responseHeaders['retry-after'] = String(seconds);
  // The exact wait as well, which OpenAI's clients read before `retry-after`.
  if (Number.isFinite(decision.retryAfterMs))
    scope.responseHeaders['retry-after-ms'] = String(
      Math.max(0, Math.ceil(decision.retryAfterMs)),
    );
  throw new JanusError({
    message: `Rate limit exceeded; retry in ${seconds} s`,
    code: 'rate_limited',
  });
}
