/**
 * A readable message for any thrown value, with its cause: Node's `fetch`
 * throws a bare `fetch failed` whose cause holds the real reason
 * (`connect ECONNREFUSED 127.0.0.1:1`).
 *
 * @example describeError(new TypeError('fetch failed', { cause })) // 'fetch failed (connect ECONNREFUSED 127.0.0.1:1)'
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
