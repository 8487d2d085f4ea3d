import { describe, expect, it } from 'vitest';
import { chatCompletionsUrl } from './build-request-body';

describe('chatCompletionsUrl', () => {
  it.each([
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8000/v1/chat/completions'],
    ['http://127.0.0.1:8000/', 'http://127.0.0.1:8000/v1/chat/completions'],
    ['http://host/v1//', 'http://host/v1/chat/completions'],
    ['http://host/proxy/v1', 'http://host/proxy/v1/chat/completions'],
    ['http://host/v1/chat/completions', 'http://host/v1/chat/completions'],
    [
      'http://host/v1?api-version=2024&key=a',
      'http://host/v1/chat/completions?api-version=2024&key=a',
    ],
    ['https://host?key=a', 'https://host/v1/chat/completions?key=a'],
  ])('should turn %s into %s', (target, url) => {
    expect(chatCompletionsUrl(target)).toBe(url);
  });

  it('should throw on a target that is not a URL', () => {
    expect(() => chatCompletionsUrl('not a url')).toThrow(TypeError);
  });
});
