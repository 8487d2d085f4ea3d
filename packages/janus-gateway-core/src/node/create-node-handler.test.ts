import { Agent, request as httpRequest } from 'node:http';
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

/** What `postOn` got: the answer, or the client's error code. */
type Outcome =
  | { status: number; connection: string | undefined; body: string }
  | { error: string };

/**
 * POSTs `pieces` as a chat request through a `node:http` agent (chunked
 * unless `length` is set), one piece per event-loop turn.
 */
function postOn(
  agent: Agent,
  url: string,
  pieces: string[],
  options: { length?: boolean } = {},
): Promise<Outcome> {
  const target = new URL(`${url}/v1/chat/completions`);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
  };
  if (options.length)
    headers['content-length'] = String(Buffer.byteLength(pieces.join('')));
  return new Promise(resolve => {
    const request = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      agent,
      headers,
    });
    request.on('error', error =>
      resolve({ error: (error as NodeJS.ErrnoException).code ?? 'unknown' }),
    );
    request.on('response', response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        body += text;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          body,
        }),
      );
    });
    let index = 0;
    const next = () => {
      if (request.destroyed) return;
      const piece = pieces[index++];
      if (piece === undefined) request.end();
      else request.write(piece, () => setImmediate(next));
    };
    next();
  });
}

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
      timeouts: { firstByteMs: 300, totalMs: 600 },
    });
    // A non-stream answer's headers come with the whole completion: only
    // the total timeout bounds it.
    const nonStream = await postChat(gateway.url, chatBody());
    expect(nonStream.status).toBe(504);
    // It may be working on it: an OpenAI SDK must not send it again.
    expect(nonStream.headers.get('x-should-retry')).toBe('false');
    expect((await nonStream.json()).error).toMatchObject({
      code: 'timeout',
      message: 'Timed out after 600 ms (total timeout)',
    });
    const stream = await postChat(gateway.url, chatBody({ stream: true }));
    expect(stream.status).toBe(200);
    const lines = dataLines(await stream.text());
    expect(JSON.parse(lines[0]!).error.message).toContain('first byte');
    expect(lines.at(-1)).toBe('[DONE]');
  });

  it('should wait for a non-stream answer longer than firstByteMs, within totalMs', async () => {
    await using competitor = await startTestServer((_request, response) => {
      // An agent run: the answer (headers included) comes when it is done.
      setTimeout(() => {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(completionBody('done at last')));
      }, 600);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      timeouts: { firstByteMs: 100, totalMs: 10_000 },
    });
    const response = await postChat(gateway.url, chatBody());
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe(
      'done at last',
    );
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
    // It retried already: an OpenAI SDK must not multiply the attempts.
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect((await response.json()).error.code).toBe('upstream_unavailable');
    expect(calls).toBe(2);
  });

  it('should not retry an answer marked x-should-retry: false, and pass that on', async () => {
    let calls = 0;
    await using competitor = await startTestServer((_request, response) => {
      calls++;
      response
        .writeHead(503, {
          'content-type': 'application/json',
          'x-should-retry': 'false',
        })
        .end('{"error":{"message":"sandbox quota used up"}}');
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 3, baseDelayMs: 10 },
      keepAliveIntervalMs: 5_000,
    });
    for (const stream of [false, true]) {
      const response = await postChat(gateway.url, chatBody({ stream }));
      expect(response.status).toBe(503);
      expect(response.headers.get('x-should-retry')).toBe('false');
      expect((await response.json()).error.message).toBe(
        'The competitor answered 503: sandbox quota used up',
      );
    }
    expect(calls).toBe(2);
  });

  it('should send no x-should-retry on an error it did not retry', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response.writeHead(502).end();
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 1 },
    });
    const response = await postChat(gateway.url, chatBody());
    expect(response.status).toBe(502);
    expect(response.headers.get('x-should-retry')).toBeNull();
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

  it("should keep a stream's HTTP status when retries outlast the keep-alive interval", async () => {
    const dead = await startTestServer(() => {});
    const url = dead.url;
    await dead.close();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url }],
      // Refused at once each time; the delays (200 + 400 ms) are the
      // gateway's own and outlast the 300 ms interval.
      retry: { attempts: 3, baseDelayMs: 200 },
      keepAliveIntervalMs: 300,
    });
    const response = await postChat(gateway.url, chatBody({ stream: true }));
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect((await response.json()).error.message).toBe(
      'Cannot reach the competitor (ECONNREFUSED)',
    );
    expect(
      gateway.logger.entries.filter(entry => entry.msg === 'upstream.retry'),
    ).toHaveLength(2);
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

  it('should close the connection cleanly after refusing a body it did not read, so the next pooled request works', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('fine')));
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      maxBodyBytes: 1024,
    });
    // One socket, so the second request gets the first one's connection
    // whenever the agent thinks it reusable.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const pieces = (size: number) =>
        chatBody({ pad: 'p'.repeat(size) }).match(/[\s\S]{1,16384}/g)!;
      // It was intermittent: several rounds, chunked and (a declared length
      // over the 1 MiB the adapter reads up front) refused unread.
      for (let round = 0; round < 4; round++) {
        const length = round % 2 === 1;
        const refused = await postOn(
          agent,
          gateway.url,
          pieces(length ? 2 * 1024 * 1024 : 64 * 1024),
          { length },
        );
        expect(refused).toMatchObject({ status: 413, connection: 'close' });
        expect(JSON.parse((refused as { body: string }).body).error.code).toBe(
          'payload_too_large',
        );
        const next = await postOn(agent, gateway.url, [chatBody()]);
        expect(next).toMatchObject({ status: 200 });
      }
    } finally {
      agent.destroy();
    }
  });
});
