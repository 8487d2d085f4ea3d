import { JanusError, UpstreamError } from '@janus/protocol';
import { describe, expect, it, vi } from 'vitest';
import { fastPath } from '../fast-path/fast-path';
import { createLlmClient } from '../llm/create-llm-client';
import { silentLogger } from '../logger/logger';
import { serve } from '../node/serve';
import { serveFetch } from '../node/serve-fetch';
import { type CompetitorOptions, createCompetitor } from './create-competitor';

function post(body: Record<string, unknown> = {}): Request {
  return new Request('http://competitor.test/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'test',
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
  });
}

function competitor(handle: CompetitorOptions['handle']) {
  return createCompetitor({
    id: 'test',
    name: 'Test',
    handle,
    logger: silentLogger,
  });
}

/**
 * A gateway (`@janus/gateway-core`, not a dependency of this package) retries
 * a 429/502/503/504 before the first byte as a cold start, re-running the
 * whole handler, unless the answer says `x-should-retry: false`.
 */
describe('createCompetitor: x-should-retry', () => {
  it("should tell callers not to retry an LLM failure the LLM client's retries could not fix", async () => {
    let llmCalls = 0;
    const llmServer = await serveFetch({
      fetch: async () => {
        llmCalls++;
        return Response.json(
          { error: { message: 'overloaded' } },
          { status: 503 },
        );
      },
      logger: silentLogger,
    });
    await using llm = Object.assign(llmServer, {
      [Symbol.asyncDispose]: () => llmServer.close({ graceMs: 0 }),
    });
    let handlerRuns = 0;
    const app = (retry: number) =>
      competitor(async (request, stream, context) => {
        handlerRuns++;
        await fastPath({
          llm: createLlmClient({
            baseURL: `${llm.url}/v1`,
            model: 'm',
            retry,
          }),
          request,
          stream,
          signal: context.signal,
        });
      });
    // Over a socket, as a gateway sees it; the client's own 2 retries run.
    const served = await serve({ competitor: app(2), logger: silentLogger });
    await using server = Object.assign(served, {
      [Symbol.asyncDispose]: () => served.close({ graceMs: 0 }),
    });
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'test',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect((await response.json()).error.code).toBe('upstream_unavailable');
    expect({ handlerRuns, llmCalls }).toEqual({ handlerRuns: 1, llmCalls: 3 });
    // A stream whose LLM fails before the commit: the same status and header.
    const streamed = await app(0).fetch(post({ stream: true }));
    expect(streamed.status).toBe(503);
    expect(streamed.headers.get('x-should-retry')).toBe('false');
  });

  it.each([
    [
      'a thrown UpstreamError (429)',
      () => {
        throw new UpstreamError({ message: 'rate limited', statusCode: 429 });
      },
      429,
    ],
    [
      'a JanusError timeout',
      () => {
        throw new JanusError({ message: 'too slow', code: 'timeout' });
      },
      504,
    ],
    [
      'stream.error() (502)',
      (_request: unknown, stream: { error(error: unknown): void }) =>
        stream.error(
          new UpstreamError({ message: 'Sandy broke', statusCode: 500 }),
        ),
      502,
    ],
    [
      'any other thrown value (500)',
      () => {
        throw new Error('bug');
      },
      500,
    ],
  ] as const)(
    'should mark %s as not to be retried, stream or not',
    async (_what, handle, status) => {
      const app = competitor(handle as CompetitorOptions['handle']);
      for (const stream of [false, true]) {
        const response = await app.fetch(post({ stream }));
        expect(response.status).toBe(status);
        expect(response.headers.get('x-should-retry')).toBe('false');
        expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      }
    },
  );

  it('should not mark answers given before any handler ran', async () => {
    const handle = vi.fn();
    const app = competitor(handle);
    for (const request of [post({ messages: [] }), post({ n: 2 })]) {
      const response = await app.fetch(request);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-should-retry')).toBeNull();
    }
    expect(handle).not.toHaveBeenCalled();
  });
});
