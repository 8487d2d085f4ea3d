import { describeError } from '../internal/describe-error';
import { joinUrl } from '../internal/join-url';
import { UsageError } from './cli-io';

/**
 * Fails fast when the `--sandy-url` Sandy does not answer `GET /health`
 * with a 2xx: otherwise every code check of the run would silently be
 * "not executed (sandbox error)".
 *
 * @throws UsageError naming the URL and the reason; TypeError when `url`
 * is not a URL (the CLI checks it first).
 */
export async function checkSandyHealth(options: {
  url: string;
  fetch?: typeof fetch;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}): Promise<void> {
  // Joined as a URL: a query in `--sandy-url` stays after `/health`.
  const health = joinUrl({ base: options.url, path: '/health' });
  const fail = (reason: string) =>
    new UsageError(
      `Sandy at ${options.url.replace(/\/+$/, '')} is not reachable (GET ${health} ${reason}); start it or drop --sandy-url`,
    );
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(health, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw fail(`failed: ${describeError(error)}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw fail(`answered HTTP ${response.status}`);
}
