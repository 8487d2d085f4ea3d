import { describe, expect, it } from 'vitest';
import { formatResetDuration, setRateLimitHeaders } from './rate-limit-headers';

describe('formatResetDuration', () => {
  it.each([
    [0, '0s'],
    [0.2, '1ms'],
    [12, '12ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [17_280, '17.28s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [61_250, '1m1.25s'],
    [3_600_000, '1h0m0s'],
    [3_661_001, '1h1m1.001s'],
    [90_000_000, '25h0m0s'],
  ])('should write %s ms as %s (the form OpenAI sends)', (ms, expected) => {
    expect(formatResetDuration(ms)).toBe(expected);
  });
});

describe('setRateLimitHeaders', () => {
  it('should set the three OpenAI headers from a decision with numbers', () => {
    const headers: Record<string, string> = { 'x-request-id': 'r' };
    setRateLimitHeaders(headers, {
      allowed: true,
      remaining: 58.7,
      retryAfterMs: 0,
      limit: 60,
      resetAfterMs: 1_300,
    });
    expect(headers).toEqual({
      'x-request-id': 'r',
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '58',
      'x-ratelimit-reset-requests': '1.3s',
    });
  });

  it('should set nothing for a store that gives no limit', () => {
    const headers: Record<string, string> = {};
    setRateLimitHeaders(headers, {
      allowed: false,
      remaining: 0,
      retryAfterMs: 500,
    });
    expect(headers).toEqual({});
  });

  it('should leave out a reset that is not a finite duration, and keep remaining within 0 and the limit', () => {
    const headers: Record<string, string> = {};
    setRateLimitHeaders(headers, {
      allowed: false,
      remaining: -3,
      retryAfterMs: Number.POSITIVE_INFINITY,
      limit: 10,
      resetAfterMs: Number.POSITIVE_INFINITY,
    });
    expect(headers).toEqual({
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '0',
    });
    const over: Record<string, string> = {};
    setRateLimitHeaders(over, {
      allowed: true,
      remaining: 12,
      retryAfterMs: 0,
      limit: 10,
      resetAfterMs: Number.NaN,
    });
    expect(over['x-ratelimit-remaining-requests']).toBe('10');
    const bad: Record<string, string> = {};
    setRateLimitHeaders(bad, {
      allowed: true,
      remaining: 1,
      retryAfterMs: 0,
      limit: Number.NaN,
      resetAfterMs: 10,
    });
    expect(bad).toEqual({});
  });
});
