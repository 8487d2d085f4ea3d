import { describe, expect, it } from 'vitest';
import { checkSandyHealth } from './check-sandy-health';

describe('checkSandyHealth', () => {
  it.each([
    ['http://sandy.test', 'http://sandy.test/health'],
    ['http://sandy.test/', 'http://sandy.test/health'],
    ['http://sandy.test/base?key=a', 'http://sandy.test/base/health?key=a'],
  ])('should ask %s for GET %s', async (url, expected) => {
    const seen: string[] = [];
    await checkSandyHealth({
      url,
      fetch: async input => {
        seen.push(String(input));
        return new Response('{}');
      },
    });
    expect(seen).toEqual([expected]);
  });

  it('should name the URL it asked when the answer is not 2xx', async () => {
    await expect(
      checkSandyHealth({
        url: 'http://sandy.test/?key=a',
        fetch: async () => new Response('', { status: 401 }),
      }),
    ).rejects.toThrow(
      'Sandy at http://sandy.test/?key=a is not reachable (GET http://sandy.test/health?key=a answered HTTP 401)',
    );
  });
});
