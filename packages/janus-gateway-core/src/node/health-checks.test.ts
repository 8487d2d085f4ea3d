import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway } from '../../test/test-gateway';
import {
  completionBody,
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
});
