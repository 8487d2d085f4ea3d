import { JanusError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import {
  createSandyClient,
  type SandyClientOptions,
} from './create-sandy-client';

const valid = { baseURL: 'http://127.0.0.1:9' };

describe('createSandyClient options', () => {
  it.each([
    [
      { baseURL: 'not a url' },
      /^createSandyClient: baseURL must be an absolute http: or https: URL \(got "not a url"\)$/,
    ],
    [{ baseURL: '' }, /^createSandyClient: baseURL must be an absolute/],
    [
      { baseURL: undefined },
      /baseURL must be an absolute .*\(got undefined\)$/,
    ],
    [{ baseURL: 'ftp://sandy.test' }, /baseURL must be an absolute http:/],
    [
      { baseURL: 'https://user:secret@sandy.test' },
      /^createSandyClient: baseURL must not carry credentials \(pass apiKey instead\)$/,
    ],
    [
      { baseURL: 'https://sandy.test/?key=secret' },
      /^createSandyClient: baseURL must have no query or fragment/,
    ],
    [
      { timeoutMs: 0 },
      /^createSandyClient: timeoutMs must be a number from 1 to 2147483647 \(got 0\)$/,
    ],
    [{ timeoutMs: Number.NaN }, /timeoutMs must be a number .*\(got NaN\)$/],
    [{ timeoutMs: 5e9 }, /timeoutMs must be a number from 1 to 2147483647/],
    [{ timeoutMs: '30000' }, /timeoutMs must be a number .*\(got "30000"\)$/],
    [
      { retry: -1 },
      /^createSandyClient: retry must be a whole number of at least 0 \(got -1\)$/,
    ],
    [{ retry: 0.5 }, /retry must be a whole number/],
    [{ retry: Number.POSITIVE_INFINITY }, /retry must be a whole number/],
  ] as Array<[Partial<Record<keyof SandyClientOptions, unknown>>, RegExp]>)(
    'should refuse %o at creation, naming the option',
    (options, message) => {
      const create = () =>
        createSandyClient({ ...valid, ...options } as SandyClientOptions);
      expect(create).toThrow(message);
      const caught = catchError(create);
      expect(JanusError.isInstance(caught) && caught.code).toBe(
        'invalid_request',
      );
    },
  );

  it('should say what is wrong with a URL object, or with no options at all', () => {
    // "must be an absolute http: URL (got http://sandy.test/)" read as a
    // contradiction; no options at all was a TypeError about `baseURL`.
    expect(() =>
      createSandyClient({
        baseURL: new URL('http://sandy.test') as unknown as string,
      }),
    ).toThrow(
      /^createSandyClient: baseURL must be a string \(got a URL object: pass its href\)$/,
    );
    const caught = catchError(() =>
      (createSandyClient as (options?: unknown) => unknown)(),
    );
    expect(JanusError.isInstance(caught) && caught.message).toBe(
      'createSandyClient: baseURL must be an absolute http: or https: URL (got undefined)',
    );
  });

  it('should not repeat a secret from the URL in the error', () => {
    const caught = catchError(() =>
      createSandyClient({ baseURL: 'https://user:hunter2@sandy.test' }),
    );
    expect(String((caught as Error).message)).not.toContain('hunter2');
  });

  it('should take the documented forms', () => {
    for (const options of [
      {},
      { baseURL: 'https://sandy.example.com/' },
      { baseURL: 'http://127.0.0.1:8787/proxy/sandy' },
      { timeoutMs: 1 },
      { timeoutMs: 2 ** 31 - 1 },
      { retry: 0 },
      { retry: 3 },
    ])
      expect(() => createSandyClient({ ...valid, ...options })).not.toThrow();
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
