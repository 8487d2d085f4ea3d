import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  chatBody,
  dataLines,
  postChat,
  startTestGateway,
  TEST_IO,
} from '../../test/test-gateway';
import {
  artifact,
  chunkFrame,
  completionBody,
  openSse,
  startTestServer,
  type TestServer,
} from '../../test/test-server';

/**
 * A competitor that answers `/health` ok, serves `/artifacts/report.txt`,
 * and answers chat requests with `content` (a stream of one chunk and an
 * artifacts event, or a completion).
 */
function competitor(content: string): Promise<TestServer> {
  return startTestServer((request, response, body) => {
    if (request.url === '/health')
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"ok"}');
    if (request.url === '/artifacts/report.txt')
      return void response
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`from ${content}`);
    if (JSON.parse(body).stream !== true)
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody(content)));
    openSse(response);
    const items = [artifact()];
    response.end(
      `${chunkFrame({ content })}${chunkFrame({ janus: { event: 'artifacts', payload: { items } } })}data: [DONE]\n\n`,
    );
  });
}

/** A base URL whose port refuses connections (its server is closed). */
async function refusingUrl(): Promise<string> {
  const server = await startTestServer(() => {});
  await server.close();
  return server.url;
}

describe('createGateway: failover of default-routed requests', () => {
  it.each(TEST_IO)(
    'should send a request whose competitor refuses the connection to the next one, stream and not (%s fetch)',
    async io => {
      await using backup = await competitor('backup');
      await using gateway = await startTestGateway({
        io,
        competitors: [
          { id: 'primary', url: await refusingUrl() },
          { id: 'backup', url: backup.url },
        ],
        // Retries would wait 1 s before the second attempt: failover does not.
        retry: { attempts: 3, baseDelayMs: 1_000 },
      });

      const answer = await postChat(gateway.url, chatBody());
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-janus-competitor')).toBe('backup');
      expect((await answer.json()).choices[0].message.content).toBe('backup');

      const streamed = await postChat(gateway.url, chatBody({ stream: true }));
      expect(streamed.headers.get('x-janus-competitor')).toBe('backup');
      const events = dataLines(await streamed.text());
      expect(JSON.parse(events[0]!).choices[0].delta.content).toBe('backup');
      expect(events.at(-1)).toBe('[DONE]');
      // The artifact is the backup's, rewritten with the backup's origin and
      // served from it (the rewriter follows the competitor that answered).
      const items = JSON.parse(events[1]!).choices[0].delta.janus.payload.items;
      expect(items[0].url).toMatch(/^\/v1\/artifacts\/artf_[0-9a-f]{32}$/);
      const bytes = await fetch(`${gateway.url}${items[0].url}`);
      expect(await bytes.text()).toBe('from backup');

      expect(backup.requests.filter(r => r.method === 'POST')).toHaveLength(2);
      expect(
        gateway.logger.entries.filter(log => log.msg === 'upstream.failover'),
      ).toEqual([
        expect.objectContaining({
          level: 'warn',
          competitor: 'backup',
          from: 'primary',
          reason: expect.stringContaining('ECONNREFUSED'),
        }),
        expect.objectContaining({ from: 'primary' }),
      ]);
      // No retry delay was spent on the refusing competitor.
      expect(
        gateway.logger.entries.filter(log => log.msg === 'upstream.retry'),
      ).toEqual([]);
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toContain(
        'janus_gateway_failovers_total{from="primary",to="backup"} 2',
      );
      expect(metrics).toContain(
        'janus_gateway_requests_total{competitor="backup",status="200"} 2',
      );
    },
  );

  it('should count the refusal against the competitor left behind (passive health)', async () => {
    await using primary = await competitor('primary');
    await using backup = await competitor('backup');
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: primary.url },
        { id: 'backup', url: backup.url },
      ],
      healthCheck: { intervalMs: 60_000, failureThreshold: 2 },
    });
    await gateway.gateway.registry.checkHealth();
    await primary.close();
    const answer = await postChat(gateway.url, chatBody());
    expect((await answer.json()).choices[0].message.content).toBe('backup');
    expect(gateway.gateway.registry.get('primary')).toMatchObject({
      health: 'healthy',
      consecutiveFailures: 1,
    });
    expect(gateway.gateway.registry.get('backup')).toMatchObject({
      consecutiveFailures: 0,
    });
  });

  it('should never send a request that names its competitor elsewhere', async () => {
    await using backup = await competitor('backup');
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: await refusingUrl() },
        { id: 'backup', url: backup.url },
      ],
      retry: { attempts: 1 },
    });
    for (const named of [{ model: 'primary' }, { competitor_id: 'primary' }]) {
      const answer = await postChat(gateway.url, chatBody(named));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('x-janus-competitor')).toBe('primary');
      expect((await answer.json()).error.code).toBe('upstream_unavailable');
    }
    expect(backup.requests).toEqual([]);
  });

  it('should keep to one competitor with retry.failover off', async () => {
    await using backup = await competitor('backup');
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: await refusingUrl() },
        { id: 'backup', url: backup.url },
      ],
      retry: { attempts: 2, baseDelayMs: 10, failover: false },
    });
    const answer = await postChat(gateway.url, chatBody({ stream: true }));
    expect(answer.status).toBe(503);
    await answer.text();
    expect(backup.requests).toEqual([]);
    expect(
      gateway.logger.entries.filter(log => log.msg === 'upstream.retry'),
    ).toHaveLength(1);
  });

  it('should try each competitor once, then retry the last as usual, when none can be reached', async () => {
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'a', url: await refusingUrl() },
        { id: 'b', url: await refusingUrl() },
        { id: 'c', url: await refusingUrl() },
      ],
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    const answer = await postChat(gateway.url, chatBody());
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-janus-competitor')).toBe('c');
    expect((await answer.json()).error.code).toBe('upstream_unavailable');
    const logs = gateway.logger.entries;
    expect(
      logs
        .filter(log => log.msg === 'upstream.failover')
        .map(log => `${log.from}>${log.competitor}`),
    ).toEqual(['a>b', 'b>c']);
    expect(
      logs.filter(log => log.msg === 'upstream.retry').map(l => l.competitor),
    ).toEqual(['c']);
  });

  it('should not fail over to a competitor known to be down', async () => {
    await using down = await startTestServer((request, response) => {
      response.writeHead(request.url === '/health' ? 503 : 200).end('{}');
    });
    await using primary = await competitor('primary');
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: primary.url },
        { id: 'down', url: down.url },
      ],
      healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
      retry: { attempts: 1 },
    });
    await gateway.gateway.registry.checkHealth();
    expect(gateway.gateway.registry.get('down')?.health).toBe('unhealthy');
    await primary.close();
    const answer = await postChat(gateway.url, chatBody());
    expect(answer.status).toBe(503);
    await answer.text();
    expect(down.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  it('should be invisible to the official openai client', async () => {
    await using backup = await competitor('backup');
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'primary', url: await refusingUrl() },
        { id: 'backup', url: backup.url },
      ],
    });
    const client = new OpenAI({
      apiKey: 'unused',
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'any',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('backup');
  });
});
