import { describe, expect, it } from 'vitest';
import { joinUrl } from './join-url';

describe('joinUrl', () => {
  it.each([
    ['http://h:8000', '/health', 'http://h:8000/health'],
    ['http://h:8000/', '/health', 'http://h:8000/health'],
    ['http://h/proxy/', 'v1/models', 'http://h/proxy/v1/models'],
    ['http://h/x?k=1', '/health', 'http://h/x/health?k=1'],
    ['http://h/x/?k=1', '/v1/models', 'http://h/x/v1/models?k=1'],
    ['http://h?k=1&b=a%2Fb', '/health', 'http://h/health?k=1&b=a%2Fb'],
    [
      'http://h/x?k=1',
      '/artifacts/a?sig=2',
      'http://h/x/artifacts/a?k=1&sig=2',
    ],
    ['http://h/x', '/artifacts/a?sig=2', 'http://h/x/artifacts/a?sig=2'],
    ['http://h/x?k=1#top', '/health#part', 'http://h/x/health?k=1'],
    ['http://h/api/sandboxes', '', 'http://h/api/sandboxes/'],
  ])('should join %s and %s as %s', (base, path, expected) => {
    expect(joinUrl({ base, path })).toBe(expected);
  });

  it('should throw a TypeError for a base that is not a URL', () => {
    expect(() => joinUrl({ base: 'not a url', path: '/health' })).toThrow(
      TypeError,
    );
  });
});
