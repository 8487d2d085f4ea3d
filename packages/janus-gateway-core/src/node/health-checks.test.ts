import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway, TEST_IO } from '../../test/test-gateway';
import {
  completionBody,
  listenOnFreePort,
  startTestServer,
  waitFor,
} from '../../test/test-server';

describe('createGateway: health checks', () => {
  it('should mark a failing competitor down, route defaults around it, and recover', async () => {
    let primaryUp = true;
    await using primary = await startTestServer((request, response) => {
      if (request.url === '/health') {
        if (!primaryUp) return void response.writeHead(503).end();
        return void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            JSON.stringify({
              status: 'ok',
              llm: { mode: 'real', model: 'm' },
              sandbox_available: false,
            }),
          );
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('primary')));
    });
    await using backup = await startTestServer((request, response) => {
      if (request.url === '/health')
        return void response
          .writeHead(200)
          .end(JSON.stringify({ status: 'ok', llm: { mode: 'scripted' } }));
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('backup')));
    });
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: primary.url },
        { id: 'backup', url: backup.url },
      ],
      healthCheck: {
        intervalMs: 30,
        timeoutMs: 500,
        failureThreshold: 2,
        recoveryThreshold: 2,
      },
    });
    const ask = async () =>
      (
        await (
          await fetch(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            body: chatBody(),
          })
        ).json()
      ).choices[0].message.content;
    await waitFor(
      () => gateway.gateway.registry.get('primary')?.health === 'healthy',
    );
    expect(await ask()).toBe('primary');
    const models = await (await fetch(`${gateway.url}/v1/models`)).json();
    expect(
      models.data.map(
        (model: { janus: { llm_mode: string } }) => model.janus.llm_mode,
      ),
    ).toEqual(['real', 'scripted']);

    primaryUp = false;
    await waitFor(
      () => gateway.gateway.registry.get('primary')?.health === 'unhealthy',
    );
    expect(await ask()).toBe('backup');
    const health = await (await fetch(`${gateway.url}/health`)).json();
    expect(health.status).toBe('degraded');
    expect(health.competitors[0]).toMatchObject({
      id: 'primary',
      health: 'unhealthy',
      llm: { mode: 'real' },
    });

    primaryUp = true;
    await waitFor(
      () => gateway.gateway.registry.get('primary')?.health === 'healthy',
    );
    expect(await ask()).toBe('primary');
    expect(
      gateway.logger.entries
        .filter(entry => entry.msg === 'competitor.health')
        .map(entry => entry.health),
    ).toEqual(['healthy', 'healthy', 'unhealthy', 'healthy']);
  });

  it('should time out a health check that never answers, and stop on close()', async () => {
    let checks = 0;
    await using silent = await startTestServer(() => {
      checks++;
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'silent', url: silent.url }],
      healthCheck: { intervalMs: 40, timeoutMs: 50, failureThreshold: 1 },
    });
    await waitFor(
      () => gateway.gateway.registry.get('silent')?.health === 'unhealthy',
    );
    expect(gateway.gateway.registry.get('silent')?.lastError).toContain(
      'timed out',
    );
    await gateway.gateway.close();
    const after = checks;
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(checks).toBe(after);
  });

  it('should cap a /health answer at 64 KiB and count a longer one as a failed check', async () => {
    let sent = 0;
    await using endless = await startTestServer((request, response) => {
      if (request.url !== '/health') return void response.end();
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (!response.destroyed && sent < 512 * 1024 * 1024) {
          sent += chunk.byteLength;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
      };
      pump();
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'endless', url: endless.url }],
      healthCheck: {
        intervalMs: 60_000,
        timeoutMs: 10_000,
        failureThreshold: 1,
      },
    });
    await gateway.gateway.registry.checkHealth();
    const entry = gateway.gateway.registry.get('endless');
    expect(entry?.health).toBe('unhealthy');
    expect(entry?.lastError).toBe('GET /health answer is over 64 KiB');
    // It stopped reading: far less than the 512 MiB the server would send.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('should say degraded, not ok, while no competitor is known healthy', async () => {
    await using silent = await startTestServer(() => {});
    await using gateway = await startTestGateway({
      competitors: [{ id: 'silent', url: silent.url }],
      healthCheck: { intervalMs: 60_000, timeoutMs: 30_000 },
    });
    const health = await (await fetch(`${gateway.url}/health`)).json();
    expect(health.status).toBe('degraded');
    expect(health.competitors[0].health).toBe('unknown');
  });

  it('should mark a competitor that never answered unhealthy at its first failure', async () => {
    let up = false;
    await using late = await startTestServer((_request, response) => {
      if (!up) return void response.writeHead(503).end();
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok' }));
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'late', url: late.url }],
      // The defaults: 3 failures to go down, 2 successes to come back.
      healthCheck: { intervalMs: 60_000 },
    });
    await gateway.gateway.registry.checkHealth();
    expect(gateway.gateway.registry.get('late')?.health).toBe('unhealthy');
    const health = await (await fetch(`${gateway.url}/health`)).json();
    expect(health.status).toBe('down');
    // It never served, so its first success is enough to come back.
    up = true;
    await gateway.gateway.registry.checkHealth();
    expect(gateway.gateway.registry.get('late')?.health).toBe('healthy');
    expect((await (await fetch(`${gateway.url}/health`)).json()).status).toBe(
      'ok',
    );
    // Once it has served, the thresholds apply.
    up = false;
    await gateway.gateway.registry.checkHealth();
    expect(gateway.gateway.registry.get('late')?.health).toBe('healthy');
  });

  it.each(TEST_IO)(
    'should name the cause of a failed check (%s fetch)',
    async io => {
      // A port that was free a moment ago: connections are refused.
      const closed = await listenOnFreePort(createServer());
      await closed.close();
      await using gateway = await startTestGateway({
        io,
        competitors: [{ id: 'gone', url: closed.url }],
        healthCheck: { intervalMs: 60_000 },
      });
      await gateway.gateway.registry.checkHealth();
      expect(gateway.gateway.registry.get('gone')?.lastError).toMatch(
        /^GET \/health failed: .*ECONNREFUSED 127\.0\.0\.1:\d+/,
      );
    },
  );

  it('should count a 200 that is not a health answer as a failed check and drop stale details', async () => {
    let answer: 'json' | 'html' | 'bare' = 'json';
    await using competitor = await startTestServer((_request, response) => {
      if (answer === 'html')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html>\n<html><body>Welcome to nginx!</body></html>');
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify(
          answer === 'json'
            ? {
                status: 'ok',
                name: 'Reported',
                llm: { mode: 'real' },
                sandbox_available: true,
              }
            : { status: 'ok' },
        ),
      );
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
      healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
    });
    await gateway.gateway.registry.checkHealth();
    const entry = gateway.gateway.registry.get('c');
    expect(entry).toMatchObject({ health: 'healthy', name: 'Reported' });
    answer = 'html';
    await gateway.gateway.registry.checkHealth();
    expect(entry?.health).toBe('unhealthy');
    expect(entry?.lastError).toBe(
      'GET /health: not a Janus competitor health answer: "<!doctype html> <html><body>Welcome to nginx!</body></html>"',
    );
    // A valid answer that says less replaces what the last one said.
    answer = 'bare';
    await gateway.gateway.registry.checkHealth();
    await gateway.gateway.registry.checkHealth();
    expect(entry?.health).toBe('healthy');
    expect(entry?.name).toBe('c');
    expect(entry?.llm).toBeUndefined();
    expect(entry?.sandboxAvailable).toBeUndefined();
  });
});
