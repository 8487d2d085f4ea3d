import type { RateLimitDecision } from './rate-limit-store';

/**
 * Adds OpenAI's request rate-limit headers for `decision` to `headers`:
 * `x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests` and
 * `x-ratelimit-reset-requests` (the time until the limit is whole again,
 * written as OpenAI writes it: `1s`, `6m0s`, `12ms`). A decision without a
 * finite `limit` (a custom store that does not say) adds nothing; one
 * without a finite `resetAfterMs` adds no reset header. Called once per
 * request, when the rate limit is taken.
 *
 * @see https://platform.openai.com/docs/guides/rate-limits (rate limits in headers)
 * @internal
 */
export function setRateLimitHeaders(
  headers: Record<string, string>,
  decision: RateLimitDecision,
): void {
  const { limit, resetAfterMs } = decision;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0) return;
  headers['x-ratelimit-limit-requests'] = String(Math.floor(limit));
  // A store's own arithmetic may stray; the header stays within 0…limit.
  const remaining = Number.isFinite(decision.remaining)
    ? Math.min(Math.floor(limit), Math.max(0, Math.floor(decision.remaining)))
    : 0;
  headers['x-ratelimit-remaining-requests'] = String(remaining);
  if (
    typeof resetAfterMs === 'number' &&
    Number.isFinite(resetAfterMs) &&
    resetAfterMs >= 0
  )
    headers['x-ratelimit-reset-requests'] = formatResetDuration(resetAfterMs);
}

/**
 * A duration as OpenAI's rate-limit headers write it (Go's duration
 * format), rounded up to a millisecond: `0s`, `12ms`, `1.5s`, `6m0s`,
 * `1h0m0s`.
 *
 * @internal
 */
export function formatResetDuration(ms: number): string {
  const total = Math.ceil(ms);
  if (total === 0) return '0s';
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  // Whole milliseconds, so three decimals at most; trailing zeros dropped.
  const seconds = String((total % 60_000) / 1_000);
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
