import { describe, expect, it } from 'vitest';
import { expectInvalidOption } from '../internal/expect-invalid-option.test-util';
import { createLlmClient, type LlmClientOptions } from './create-llm-client';

const valid = { baseURL: 'http://127.0.0.1:9/v1', model: 'm' };

describe('createLlmClient options', () => {
  it.each([
    [
      { baseURL: 'not a url' },
      /^createLlmClient: baseURL must be an absolute http: or https: URL \(got "not a url"\)$/,
    ],
    [
      { baseURL: 'ftp://llm.test/v1' },
      /baseURL must be an absolute http: or https: URL/,
    ],
    [
      { baseURL: 'https://user:secret@llm.test/v1' },
      /^createLlmClient: baseURL must not carry credentials \(pass apiKey instead\)$/,
    ],
    [
      { baseURL: 'https://llm.test/v1?key=secret' },
      /^createLlmClient: baseURL must have no query or fragment/,
    ],
    [{ model: '' }, /^createLlmClient: model must be a non-empty string$/],
    [
      { timeoutMs: -5 },
      /^createLlmClient: timeoutMs must be a number from 1 to 2147483647 \(got -5\)$/,
    ],
    [{ timeoutMs: Number.NaN }, /timeoutMs must be a number .*\(got NaN\)$/],
    [
      { timeoutMs: { idle: 0 } },
      /^createLlmClient: timeoutMs\.idle must be a number from 1/,
    ],
    [
      { timeoutMs: { firstByte: 5e9 } },
      /timeoutMs\.firstByte must be a number from 1 to 2147483647/,
    ],
    [
      { timeoutMs: { total: -1 } },
      /timeoutMs\.total must be a number from 0 to 2147483647/,
    ],
    [
      { retry: -1 },
      /^createLlmClient: retry must be a whole number of at least 0 \(got -1\)$/,
    ],
    [{ retry: 1.5 }, /retry must be a whole number/],
  ] as Array<[Partial<LlmClientOptions>, RegExp]>)(
    'should refuse %o at creation, naming the option',
    (options, message) => {
      const create = () => createLlmClient({ ...valid, ...options });
      expectInvalidOption(create, message);
    },
  );

  it('should take the documented forms', () => {
    for (const options of [
      {},
      { timeoutMs: 1 },
      { timeoutMs: { firstByte: 10, idle: 2 ** 31 - 1, total: 0 } },
      { retry: 0 },
      { baseURL: 'https://llm.chutes.ai/v1/' },
    ])
      expect(() => createLlmClient({ ...valid, ...options })).not.toThrow();
  });
});
