import { describe, expect, it } from 'vitest';
import {
  chatBody,
  postChat,
  startTestGateway,
  TEST_IO,
} from '../../test/test-gateway';
import {
  completionBody,
  startTestServer,
  type TestServer,
  waitFor,
} from '../../test/test-server';
import { CONNECT_HOOK } from '../chat/connect-hook';
import { createGateway } from '../gateway/create-gateway';
import { createMemoryLogger } from '../observability/logger';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

/** A competitor that answers `/health` ok and chat requests with `content`. */
function healthyCompetitor(content: string): Promise<TestServer> {
  return startTestServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        request.url === '/health' ? { status: 'ok' } : completionBody(content),
      ),
    );
  });
}

/** The answer's content, or its HTTP status when it is an error. */
async function ask(url: string): Promise<string | number> {
  const response = await postChat(url, chatBody());
  if (!response.ok) {
    await response.text();
    return response.status;
  }
  return (await response.json()).choices[0].message.content;
}

describe.skipIf(isEdgeRuntime)('createGateway: passive health', () => {
  it.each(TEST_IO)(
    'should count a refused connection as a failed check, so defaults go elsewhere before the next round (%s fetch)',
    async io => {
      await using primary = await healthyCompetitor('primary');
      await using backup = await healthyCompetitor('backup');
      await using gateway = await startTestGateway({
        io,
        competitors: [
          { id: 'primary', url: primary.url },
          { id: 'backup', url: backup.url },
        ],
        // No round during the test: only requests can mark it down.
        healthCheck: { intervalMs: 60_000, failureThreshold: 2 },
        // Without failover the refused requests fail, so each one counts
        // (failover.test.ts covers the count when they go elsewhere).
        retry: { attempts: 1, failover: false },
      });
      await gateway.gateway.registry.checkHealth();
      const entry = gateway.gateway.registry.get('primary')!;
      expect(entry.health).toBe('healthy');
      expect(await ask(gateway.url)).toBe('primary');
      // The port refuses connections from now on.
      await primary.close();
      // A pooled keep-alive socket the global fetch only now finds closed
      // is a 502 (closed before answering); a refused connection a 503.
      expect([502, 503]).toContain(await ask(gateway.url));
      // It has served: the threshold applies, as to active checks.
      expect(entry).toMatchObject({
        health: 'healthy',
        consecutiveFailures: 1,
      });
      expect(await ask(gateway.url)).toBe(503);
      expect(entry.health).toBe('unhealthy');
      expect(entry.lastError).toMatch(
        /^POST \/v1\/chat\/completions failed: .*ECONNREFUSED 127\.0\.0\.1:\d+/,
      );
      expect(await ask(gateway.url)).toBe('backup');
      const change = gateway.logger.entries.find(
        log => log.msg === 'competitor.health' && log.health === 'unhealthy',
      );
      expect(change).toMatchObject({
        level: 'warn',
        competitor: 'primary',
        previous: 'healthy',
        source: 'request',
      });
      expect(change?.request_id).toEqual(expect.any(String));
    },
  );

  it('should count a connection closed before any answer', async () => {
    await using competitor = await startTestServer((request, response) => {
      if (request.url !== '/health') return void request.socket.destroy();
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok' }));
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
      healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
    });
    await gateway.gateway.registry.checkHealth();
    expect(await ask(gateway.url)).toBe(502);
    const entry = gateway.gateway.registry.get('c');
    expect(entry?.health).toBe('unhealthy');
    expect(entry?.lastError).toMatch(/^POST \/v1\/chat\/completions failed: /);
  });

  it('should not count HTTP errors, slow answers or a client that leaves', async () => {
    let mode: 'error' | 'silent' = 'error';
    await using competitor = await startTestServer((request, response) => {
      if (request.url === '/health')
        return void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok' }));
      // `silent`: never answers (the client or a timeout ends the request).
      if (mode === 'error')
        response
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":{"message":"boom"}}');
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
      healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
      timeouts: { firstByteMs: 100 },
      retry: { attempts: 1 },
    });
    await gateway.gateway.registry.checkHealth();
    const entry = gateway.gateway.registry.get('c')!;
    expect(await ask(gateway.url)).toBe(502);
    mode = 'silent';
    // A stream whose first byte never comes: a timeout, not a dead competitor.
    const slow = await postChat(gateway.url, chatBody({ stream: true }));
    expect(await slow.text()).toContain('"code":"timeout"');
    // A non-stream request the client gives up on.
    const controller = new AbortController();
    const before = competitor.requests.length;
    const leaving = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: chatBody(),
      signal: controller.signal,
    }).catch(() => {});
    await waitFor(() => competitor.requests.length > before);
    controller.abort();
    await leaving;
    await waitFor(() =>
      gateway.logger.entries.some(
        log =>
          log.msg === 'request.end' &&
          (log.error as { code?: string } | undefined)?.code === 'cancelled',
      ),
    );
    expect(entry).toMatchObject({ health: 'healthy', consecutiveFailures: 0 });
  });

  it('should not count anything when active health checks are off', async () => {
    await using gone = await healthyCompetitor('gone');
    await gone.close();
    await using gateway = await startTestGateway({
      competitors: [{ id: 'gone', url: gone.url }],
      healthCheck: { intervalMs: 0 },
      retry: { attempts: 1 },
    });
    expect(await ask(gateway.url)).toBe(503);
    // Nothing would ever check it again: it must not stay marked down.
    expect(gateway.gateway.registry.get('gone')).toMatchObject({
      health: 'unknown',
      consecutiveFailures: 0,
    });
  });
});

describe('createGateway: passive health (connect timeout)', () => {
  it('should count a connection never accepted within firstByteMs, when fetch reports connections', async () => {
    // Answers `/health`; never connects a chat request (until aborted).
    const fetch = Object.assign(
      (input: string | URL | Request, init: RequestInit = {}) =>
        String(input).endsWith('/health')
          ? Promise.resolve(Response.json({ status: 'ok' }))
          : new Promise<Response>((_resolve, reject) =>
              init.signal?.addEventListener('abort', () =>
                reject(init.signal?.reason),
              ),
            ),
      { [CONNECT_HOOK]: true },
    );
    const gateway = createGateway({
      competitors: [{ id: 'c', url: 'http://c.test' }],
      healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
      timeouts: { firstByteMs: 50 },
      logger: createMemoryLogger(),
      fetch,
    });
    try {
      await gateway.registry.checkHealth();
      expect(gateway.registry.get('c')?.health).toBe('healthy');
      const response = await gateway.fetch(
        new Request('http://gateway.test/v1/chat/completions', {
          method: 'POST',
          body: chatBody(),
        }),
      );
      expect(response.status).toBe(504);
      expect(gateway.registry.get('c')).toMatchObject({
        health: 'unhealthy',
        lastError:
          'POST /v1/chat/completions failed: Timed out after 50 ms (connect timeout)',
      });
    } finally {
      await gateway.close();
    }
  });
});
