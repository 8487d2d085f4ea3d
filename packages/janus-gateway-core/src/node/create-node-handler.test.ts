import { describe, expect, it } from 'vitest';
import {
  chatBody,
  dataLines,
  postChat,
  startTestGateway,
  TEST_IO,
} from '../../test/test-gateway';
import {
  chunkFrame,
  completionBody,
  openSse,
  startTestServer,
} from '../../test/test-server';

describe.each(TEST_IO)('createNodeHandler (%s)', io => {
  it('should pass a stream through a real socket with request ids and the competitor key', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ role: 'assistant', content: 'Hel' }));
      response.write(': upstream comment\n\n');
      response.write(chunkFrame({ content: 'lo' }));
      response.end('data: [DONE]\n\n');
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [
        { id: 'alpha', url: competitor.url, apiKey: 'competitor-key' },
      ],
    });
    const response = await postChat(
      gateway.url,
      chatBody({ stream: true, competitor_id: 'alpha', extra: 1 }),
      {
        authorization: 'Bearer client-key',
        'x-request-id': 'trace-123',
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const text = await response.text();
    expect(
      dataLines(text).map(line =>
        line === '[DONE]' ? line : JSON.parse(line).choices[0].delta.content,
      ),
    ).toEqual(['Hel', 'lo', '[DONE]']);
    expect(text).toContain(': upstream comment\n\n');
    const seen = competitor.requests[0]!;
    expect(seen.headers.authorization).toBe('Bearer competitor-key');
    expect(seen.headers['x-request-id']).toBe('trace-123');
    expect(JSON.parse(seen.body)).toEqual({
      model: 'any',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      extra: 1,
    });
  });

  it('should deliver each event before the competitor sends the next one', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    await using competitor = await startTestServer(
      async (_request, response) => {
        openSse(response);
        response.write(chunkFrame({ content: 'first' }));
        await released;
        response.end(`${chunkFrame({ content: 'second' })}data: [DONE]\n\n`);
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const response = await postChat(gateway.url, chatBody({ stream: true }));
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('first');
    release();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += new TextDecoder().decode(part.value);
    expect(rest).toContain('second');
  });

  it('should send keep-alives while a competitor stalls, then time out idle streams', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'then silence' }));
      // Stall forever; the gateway's idle timeout must end it.
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      keepAliveIntervalMs: 40,
      timeouts: { idleMs: 400 },
    });
    const text = await (
      await postChat(gateway.url, chatBody({ stream: true }))
    ).text();
    expect(text.match(/: ping\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    const lines = dataLines(text);
    expect(JSON.parse(lines.at(-2)!).error).toMatchObject({
      code: 'timeout',
      type: 'timeout_error',
    });
    expect(lines.at(-1)).toBe('[DONE]');
  });

  it('should end with an error event when the competitor dies mid-stream', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'partial' }));
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const text = await (
      await postChat(gateway.url, chatBody({ stream: true }))
    ).text();
    const lines = dataLines(text);
    expect(lines[0]).toContain('partial');
    expect(JSON.parse(lines.at(-2)!).error.code).toBe('stream_error');
    expect(lines.at(-1)).toBe('[DONE]');
    expect(lines).toHaveLength(3);
  });

  it('should turn garbage from the competitor into a final error event', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'ok' }));
      response.end('data: {this is not json\n\ndata: [DONE]\n\n');
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const lines = dataLines(
      await (await postChat(gateway.url, chatBody({ stream: true }))).text(),
    );
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!).error).toMatchObject({
      code: 'invalid_response',
      type: 'api_error',
    });
  });

  it('should pass a huge event intact and refuse one over maxEventSize', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    await using competitor = await startTestServer(
      (_request, response, body) => {
        openSse(response);
        const size = JSON.parse(body).size as number;
        response.end(
          `${chunkFrame({ content: big.slice(0, size) })}data: [DONE]\n\n`,
        );
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      maxEventSize: 1024 * 1024,
    });
    const ok = dataLines(
      await (
        await postChat(gateway.url, chatBody({ stream: true, size: 900_000 }))
      ).text(),
    );
    expect(JSON.parse(ok[0]!).choices[0].delta.content).toHaveLength(900_000);
    const tooBig = dataLines(
      await (
        await postChat(gateway.url, chatBody({ stream: true, size: 2_000_000 }))
      ).text(),
    );
    expect(JSON.parse(tooBig[0]!).error.code).toBe('stream_error');
    expect(tooBig.at(-1)).toBe('[DONE]');
  });

  it('should time out a competitor that never answers (stream and non-stream)', async () => {
    await using competitor = await startTestServer(() => {
      // Never writes headers.
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      keepAliveIntervalMs: 50,
      timeouts: { firstByteMs: 300 },
    });
    const nonStream = await postChat(gateway.url, chatBody());
    expect(nonStream.status).toBe(504);
    expect((await nonStream.json()).error.code).toBe('timeout');
    const stream = await postChat(gateway.url, chatBody({ stream: true }));
    expect(stream.status).toBe(200);
    const lines = dataLines(await stream.text());
    expect(JSON.parse(lines[0]!).error.message).toContain('first byte');
    expect(lines.at(-1)).toBe('[DONE]');
  });

  it('should retry a cold start (429 then 200) before the first byte', async () => {
    let calls = 0;
    await using competitor = await startTestServer((_request, response) => {
      calls++;
      if (calls === 1) {
        response
          .writeHead(429, { 'retry-after': '0' })
          .end('{"error":{"message":"warming up"}}');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('warm')));
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 3, baseDelayMs: 20 },
    });
    const response = await postChat(gateway.url, chatBody());
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('warm');
    expect(calls).toBe(2);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(
      'janus_gateway_upstream_retries_total{competitor="a"} 1',
    );
    expect(
      gateway.logger.entries.some(entry => entry.msg === 'upstream.retry'),
    ).toBe(true);
  });

  it('should give up after the retry budget with the upstream status', async () => {
    let calls = 0;
    await using competitor = await startTestServer((_request, response) => {
      calls++;
      response.writeHead(503).end();
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    const response = await postChat(gateway.url, chatBody());
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('upstream_unavailable');
    expect(calls).toBe(2);
  });

  it('should answer 503 when the competitor cannot be reached', async () => {
    const dead = await startTestServer(() => {});
    const url = dead.url;
    await dead.close();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url }],
      retry: { attempts: 1 },
      keepAliveIntervalMs: 2_000,
    });
    const response = await postChat(gateway.url, chatBody({ stream: true }));
    expect(response.status).toBe(503);
    const message = (await response.json()).error.message;
    expect(message).toBe('Cannot reach the competitor (ECONNREFUSED)');
    // Where the competitor lives is for the log, not the client.
    const end = gateway.logger.entries.find(
      entry => entry.msg === 'request.end',
    );
    expect(JSON.stringify(end)).toContain(new URL(url).host);
  });

  it('should refuse a chunked body over maxBodyBytes with 413', async () => {
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: 'http://127.0.0.1:9' }],
      maxBodyBytes: 1024,
    });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(chatBody({ pad: 'p'.repeat(4096) })),
        );
        controller.close();
      },
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});
