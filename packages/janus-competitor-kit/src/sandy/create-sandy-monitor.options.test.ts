import { describe, expect, it } from 'vitest';
import { expectInvalidOption } from '../internal/expect-invalid-option.test-util';
import { createSandyMonitor } from './create-sandy-monitor';

type MonitorOptions = Parameters<typeof createSandyMonitor>[0];
const valid = { baseURL: 'http://127.0.0.1:9' };

describe('createSandyMonitor options', () => {
  it.each([
    [
      { baseURL: 'sandy:8787' },
      /^createSandyMonitor: baseURL must be an absolute http: or https: URL \(got "sandy:8787"\)$/,
    ],
    [
      { baseURL: undefined },
      /baseURL must be an absolute .*\(got undefined\)$/,
    ],
    [
      { baseURL: 'http://a:b@sandy.test' },
      /^createSandyMonitor: baseURL must not carry credentials/,
    ],
    [
      { baseURL: 'http://sandy.test#x' },
      /^createSandyMonitor: baseURL must have no query or fragment/,
    ],
    [
      { cacheMs: -1 },
      /^createSandyMonitor: cacheMs must be a number of at least 0 \(got -1\)$/,
    ],
    [{ cacheMs: Number.NaN }, /cacheMs must be a number .*\(got NaN\)$/],
    [
      { timeoutMs: 0 },
      /^createSandyMonitor: timeoutMs must be a whole number from 1 to 2147483647 \(got 0\)$/,
    ],
    [{ timeoutMs: 1.5 }, /timeoutMs must be a whole number/],
    [
      { timeoutMs: Number.NaN },
      /timeoutMs must be a whole number .*\(got NaN\)$/,
    ],
    [{ timeoutMs: 2 ** 31 }, /timeoutMs must be a whole number from 1/],
  ] as Array<[Partial<Record<keyof MonitorOptions, unknown>>, RegExp]>)(
    'should refuse %o at creation, naming the option',
    (options, message) => {
      const create = () =>
        createSandyMonitor({ ...valid, ...options } as MonitorOptions);
      expectInvalidOption(create, message);
    },
  );

  it('should say "finite" when it refuses Infinity, and not throw a TypeError without options', () => {
    expectInvalidOption(
      () => createSandyMonitor({ ...valid, cacheMs: Number.POSITIVE_INFINITY }),
      /^createSandyMonitor: cacheMs must be a finite number of at least 0 \(got Infinity\)$/,
    );
    expectInvalidOption(
      () => (createSandyMonitor as (options?: unknown) => unknown)(),
      /^createSandyMonitor: baseURL must be an absolute http: or https: URL \(got undefined\)$/,
    );
  });

  it('should take the documented forms', () => {
    for (const options of [
      {},
      { baseURL: 'https://sandy.example.com/' },
      { cacheMs: 0 },
      { cacheMs: 60_000 },
      { timeoutMs: 1 },
      { timeoutMs: 2 ** 31 - 1 },
    ])
      expect(() => createSandyMonitor({ ...valid, ...options })).not.toThrow();
  });
});
