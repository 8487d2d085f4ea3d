/**
 * How a `fetch` tells the gateway that the competitor accepted the
 * connection, which a Fetch API `fetch` cannot say.
 *
 * A non-stream answer only comes once the whole completion is done (often
 * minutes for an agent run), so the first-byte timeout cannot bound it. What
 * it can still catch is a competitor that never accepts the connection:
 * when the gateway's `fetch` carries `[CONNECT_HOOK]: true` (as
 * `createNodeFetch` does), a non-stream request's init carries
 * `[CONNECT_HOOK]: () => void`, which that `fetch` calls once the request has
 * a connected socket (at once for a reused keep-alive one). Any other `fetch`
 * ignores it, and a non-stream request is bounded by the total timeout alone.
 *
 * @internal
 */
export const CONNECT_HOOK: unique symbol = Symbol.for(
  '@janus/gateway-core.connectHook',
) as never;

/** Whether `fetch` calls an init's {@link CONNECT_HOOK}. */
export function reportsConnect(fetch: typeof globalThis.fetch): boolean {
  return (fetch as { [CONNECT_HOOK]?: unknown })[CONNECT_HOOK] === true;
}

/** The {@link CONNECT_HOOK} of a fetch `init`, if it has one. */
export function connectHookOf(init: RequestInit): (() => void) | undefined {
  return (init as { [CONNECT_HOOK]?: () => void })[CONNECT_HOOK];
}
