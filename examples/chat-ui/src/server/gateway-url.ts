/**
 * The gateway the UI talks to (server side only): `GATEWAY_URL`, default
 * `http://127.0.0.1:8000`, without a trailing slash.
 */
export function gatewayUrl(): string {
  return (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8000').replace(
    /\/+$/,
    '',
  );
}

/**
 * The client key the UI server sends the gateway (`GATEWAY_API_KEY`, server
 * side only), for a gateway with `JANUS_API_KEYS`; `undefined` when unset.
 */
export function gatewayApiKey(): string | undefined {
  return process.env.GATEWAY_API_KEY?.trim() || undefined;
}
