/**
 * Node's fetch (undici) ends a request on its own after `headersTimeout`
 * without response headers or `bodyTimeout` without body bytes (300 s each
 * by default), whatever the bench's `timeoutMs` says. Its errors carry
 * these codes in their `cause` chain (`TypeError: fetch failed` →
 * `HeadersTimeoutError`, `TypeError: terminated` → `BodyTimeoutError`):
 * they are timeouts, not connection or stream errors.
 *
 * @returns which limit ended the request, or `undefined` for other errors.
 */
export function undiciTimeout(error: unknown): 'headers' | 'body' | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'headers';
    if (code === 'UND_ERR_BODY_TIMEOUT') return 'body';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The `timeout` error message for an {@link undiciTimeout}. */
export function describeUndiciTimeout(limit: 'headers' | 'body'): string {
  return limit === 'headers'
    ? "Timed out: no response headers within Node fetch's headersTimeout (300 s by default)"
    : "Timed out: no body bytes within Node fetch's bodyTimeout (300 s by default)";
}
