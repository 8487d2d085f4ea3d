import { describe, expect, it } from 'vitest';
import { chatBody, postChat, startTestGateway } from '../../test/test-gateway';
import {
  chunkFrame,
  completionBody,
  openSse,
  startTestServer,
} from '../../test/test-server';
import { InMemoryApiKeyStore } from '../auth/api-key-store';
import { InMemoryRateLimitStore } from '../auth/rate-limit-store';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

/** The three OpenAI rate-limit headers of a response (null when absent). */
function rateLimitHeaders(response: Response) {
  return {
    limit: response.headers.get('x-ratelimit-limit-requests'),
    remaining: response.headers.get('x-ratelimit-remaining-requests'),
    reset: response.headers.get('x-ratelimit-reset-requests'),
  };
}

describe.skipIf(isEdgeRuntime)('createGateway: rate-limit headers', () => {
  it('should send x-ratelimit-* on answers, streams and the 429', async () => {
    await using competitor = await startTestServer(
      (_request, response, body) => {
        if (JSON.parse(body).stream !== true)
          return void response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(completionBody('hello')));
        openSse(response);
        response.end(`${chunkFrame({ content: 'hi' })}data: [DONE]\n\n`);
      },
    );
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
      auth: { store: new InMemoryApiKeyStore({ keys: ['sk-a'] }) },
      rateLimit: {
        // 3 at once, then one a minute: the numbers stay put in the test.
        store: new InMemoryRateLimitStore({
          capacity: 3,
          refillPerSecond: 1 / 60,
          _internal: { now: () => 0 },
        }),
      },
    });
    const key = { authorization: 'Bearer sk-a' };
    const answer = await postChat(gateway.url, chatBody(), key);
    expect(answer.status).toBe(200);
    expect(rateLimitHeaders(answer)).toEqual({
      limit: '3',
      remaining: '2',
      reset: '1m0s',
    });
    await answer.text();
    const stream = await postChat(gateway.url, chatBody({ stream: true }), key);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(rateLimitHeaders(stream)).toEqual({
      limit: '3',
      remaining: '1',
      reset: '2m0s',
    });
    expect(await stream.text()).toContain('data: [DONE]');
    // An answer the competitor never saw still took its token.
    const invalid = await postChat(gateway.url, '{"model":"m"}', key);
    expect(invalid.status).toBe(400);
    expect(rateLimitHeaders(invalid)).toEqual({
      limit: '3',
      remaining: '0',
      reset: '3m0s',
    });
    const limited = await postChat(gateway.url, chatBody(), key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('retry-after-ms')).toBe('60000');
    expect(rateLimitHeaders(limited)).toEqual({
      limit: '3',
      remaining: '0',
      reset: '3m0s',
    });
    expect((await limited.json()).error.code).toBe('rate_limited');
    // A request refused before the limit is checked says nothing about it.
    const unauthorized = await postChat(gateway.url, chatBody());
    expect(unauthorized.status).toBe(401);
    expect(rateLimitHeaders(unauthorized)).toEqual({
      limit: null,
      remaining: null,
      reset: null,
    });
    expect(competitor.requests).toHaveLength(2);
  });

  it('should send none for a store that gives no numbers, nor without a limiter', async () => {
    await using competitor = await startTestServer(
      (_request, response) =>
        void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(completionBody('hello'))),
    );
    let allowed = true;
    await using custom = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
      rateLimit: {
        store: {
          consume: async () => ({
            allowed,
            remaining: 0,
            retryAfterMs: 2_500,
          }),
        },
      },
    });
    const answer = await postChat(custom.url, chatBody());
    expect(answer.status).toBe(200);
    expect(
      [...answer.headers.keys()].filter(name => name.startsWith('x-ratelimit')),
    ).toEqual([]);
    allowed = false;
    const limited = await postChat(custom.url, chatBody());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(
      [...limited.headers.keys()].filter(name =>
        name.startsWith('x-ratelimit'),
      ),
    ).toEqual([]);
    await using open = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
    });
    const unlimited = await postChat(open.url, chatBody());
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });
});
