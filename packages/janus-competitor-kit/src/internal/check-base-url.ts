import { describeValue, invalidOption } from './check-number-option';

/**
 * A base URL option that paths are appended to (an LLM's `/v1`), checked at
 * creation: absolute `http:`/`https:`, no credentials (they belong in
 * `apiKey`; fetch refuses them), no query or fragment (the path would land
 * after them). Throws a `JanusError` (`invalid_request`) naming the function
 * and the option; a typo used to surface only at the first call, as an
 * "unreachable" 503.
 */
export function checkBaseUrl(options: {
  owner: string;
  name: string;
  value: unknown;
}): string {
  const { owner, name, value } = options;
  // "must be an absolute http: URL (got http://…/)" would read as a contradiction.
  if (value instanceof URL)
    throw invalidOption(
      `${owner}: ${name} must be a string (got a URL object: pass its href)`,
    );
  const url =
    typeof value === 'string' && URL.canParse(value)
      ? new URL(value)
      : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw invalidOption(
      `${owner}: ${name} must be an absolute http: or https: URL (got ${describeValue(value)})`,
    );
  // The value is not repeated from here on: it may hold a secret.
  if (url.username || url.password)
    throw invalidOption(
      `${owner}: ${name} must not carry credentials (pass apiKey instead)`,
    );
  if (url.search || url.hash)
    throw invalidOption(
      `${owner}: ${name} must have no query or fragment (paths are appended to it)`,
    );
  return value as string;
}
