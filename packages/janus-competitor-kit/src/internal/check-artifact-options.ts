import type { ArtifactPutOptions } from '../artifacts/artifact-store';
import {
  checkNumberOption,
  describeValue,
  invalidOption,
} from './check-number-option';

/** The longest TTL taken: ten years, far beyond any use, and a valid date. */
const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

/**
 * The options every store shares, checked at creation: `ttlSeconds` a whole
 * number of seconds from 1 (the descriptor's `ttl_seconds` is an integer;
 * 0 would expire at once), `baseUrl` a string (its trailing slashes go).
 */
export function checkStoreOptions(options: {
  owner: string;
  ttlSeconds: unknown;
  baseUrl: unknown;
}): { ttlSeconds: number; baseUrl: string } {
  const { owner } = options;
  const ttlSeconds = checkTtl(owner, 'ttlSeconds', options.ttlSeconds, 3600);
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string')
    throw invalidOption(
      `${owner}: baseUrl must be a string (got ${describeValue(options.baseUrl)})`,
    );
  const baseUrl = (options.baseUrl ?? '/artifacts').replace(/\/+$/, '');
  return { ttlSeconds, baseUrl };
}

/**
 * A `put` call's name and TTL, checked before any byte is read: a name that
 * is empty would make an invalid descriptor, a fractional TTL one that the
 * `artifacts` event refuses.
 */
export function checkPutOptions(
  options: ArtifactPutOptions,
  defaultTtlSeconds: number,
): { name: string; ttlSeconds: number } {
  if (typeof options?.name !== 'string' || options.name === '')
    throw invalidOption(
      `put: name must be a non-empty string (got ${describeValue(options?.name)})`,
    );
  return {
    name: options.name,
    ttlSeconds: checkTtl(
      'put',
      'ttlSeconds',
      options.ttlSeconds,
      defaultTtlSeconds,
    ),
  };
}

function checkTtl(
  owner: string,
  name: string,
  value: unknown,
  fallback: number,
): number {
  return checkNumberOption({
    owner,
    name,
    value,
    fallback,
    min: 1,
    max: MAX_TTL_SECONDS,
    integer: true,
  });
}
