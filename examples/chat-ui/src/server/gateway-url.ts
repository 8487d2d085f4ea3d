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
