import { JanusError } from '@janus/protocol';

/** The longest delay a timer takes (2^31 - 1 ms); Node fires longer ones after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A numeric option, checked at creation: `fallback` when it is undefined,
 * else a number within [`min`, `max`] (whole when `integer`), so a `NaN`
 * from an environment variable or a negative delay fails at start instead
 * of flooding a stream or firing a timer at once. Throws a `JanusError`
 * (`invalid_request`) that names the function and the option, as
 * `createGateway` does for its options.
 */
export function checkNumberOption<
  Fallback extends number | undefined,
>(options: {
  /** The function taking the option, e.g. `createCompetitor`. */
  owner: string;
  /** The option's name, e.g. `heartbeatMs` or `timeoutMs.idle`. */
  name: string;
  value: unknown;
  fallback: Fallback;
  min: number;
  /** Default: no upper bound (but finite). */
  max?: number;
  integer?: boolean;
}): number | Fallback {
  const { value, min, max = Number.MAX_VALUE } = options;
  if (value === undefined) return options.fallback;
  if (
    typeof value !== 'number' ||
    !(value >= min && value <= max) ||
    (options.integer && !Number.isInteger(value))
  ) {
    const range =
      options.max === undefined
        ? `of at least ${min}`
        : `from ${min} to ${max}`;
    // Infinity is "at least 0"; what it is not is finite.
    const kind = options.integer
      ? 'whole '
      : value === Number.POSITIVE_INFINITY && options.max === undefined
        ? 'finite '
        : '';
    throw invalidOption(
      `${options.owner}: ${options.name} must be a ${kind}number ${range} (got ${describeValue(value)})`,
    );
  }
  return value;
}

/** The `invalid_request` error of a bad option (message given). */
export function invalidOption(message: string): JanusError {
  return new JanusError({ message, code: 'invalid_request' });
}

/** A value as it reads in an error message: strings quoted. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
