/**
 * What a server hands a Fetch handler besides the request, as its second
 * argument: `serveFetch()` and `serve()` from `./node` pass one, and so do
 * platforms with the same `waitUntil` (Cloudflare's and Vercel's execution
 * contexts).
 */
export interface FetchContext {
  /**
   * Keeps the server's graceful `close()` waiting (bounded) for `promise`:
   * work that outlives the response, such as a request's cleanups. A
   * rejection only ends the wait.
   */
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * @internal The `waitUntil` of a handler's second argument, if it has one.
 * Other runtimes pass other things there (Next route handlers
 * `{ params }`, Workers `env`), so it is duck-typed, never assumed.
 */
export function waitUntilOf(
  context: unknown,
): FetchContext['waitUntil'] | undefined {
  const waitUntil = (context as Partial<FetchContext> | null | undefined)
    ?.waitUntil;
  return typeof waitUntil === 'function'
    ? promise => waitUntil.call(context, promise)
    : undefined;
}
