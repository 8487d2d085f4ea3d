import { createServer } from 'node:http';
import { connect } from 'node:net';
import {
  constants,
  createDeflateRaw,
  createGzip,
  deflateRawSync,
  deflateSync,
  gzipSync,
} from 'node:zlib';
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
  listenOnFreePort,
  openSse,
  startTestServer,
} from '../../test/test-server';

/** The delta contents of an SSE text, `[DONE]` kept. */
function contents(text: string): string[] {
  return dataLines(text).map(line =>
    line === '[DONE]' ? line : JSON.parse(line).choices[0].delta.content,
  );
}

/** Waits for the next macrotask (so each write leaves as its own TCP segment). */
const nextTick = () => new Promise(resolve => setImmediate(resolve));

// Competitors that misbehave on the wire (docs/gateway.md, Streaming rules and Error rules).
describe.each(TEST_IO)('competitor quirks (%s)', io => {
  it('should end requests in flight with a shutdown error on close({ abortInFlight })', async () => {
    const closed: string[] = [];
    await using competitor = await startTestServer(
      (request, response, body) => {
        response.on('close', () => closed.push(request.url!));
        // Never finishes: one chunk for a stream, nothing for a non-stream.
        if (JSON.parse(body).stream) {
          openSse(response);
          response.write(chunkFrame({ content: 'partial' }));
        }
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      keepAliveIntervalMs: 200,
    });
    const stream = await postChat(gateway.url, chatBody({ stream: true }));
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('partial'))
      text += decoder.decode((await reader.read()).value);
    const nonStream = postChat(gateway.url, chatBody());
    await expect.poll(() => competitor.requests.length).toBe(2);
    await gateway.gateway.close({ abortInFlight: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    const lines = dataLines(text);
    expect(lines.at(-1)).toBe('[DONE]');
    expect(JSON.parse(lines.at(-2)!).error).toMatchObject({
      code: 'upstream_unavailable',
      message:
        'The gateway is shutting down; the answer was cut before it ended',
    });
    const answer = await nonStream;
    expect(answer.status).toBe(503);
    expect((await answer.json()).error.message).toBe(
      'The gateway is shutting down; the answer was cut before it ended',
    );
    // Both upstream requests were aborted.
    await expect.poll(() => closed.length).toBe(2);
  });

  it('should not resend a request the competitor received and then dropped', async () => {
    await using competitor = await startTestServer((_request, response) => {
      // It read the whole request, worked on it, then crashed.
      setTimeout(() => response.socket?.destroy(), 30);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 3, baseDelayMs: 10 },
      keepAliveIntervalMs: 5_000,
    });
    for (const stream of [false, true]) {
      const before = competitor.requests.length;
      const response = await postChat(gateway.url, chatBody({ stream }));
      expect(response.status).toBe(502);
      const error = (await response.json()).error;
      expect(error.code).toBe('upstream_error');
      expect(error.message).toContain(
        'The competitor closed the connection before answering',
      );
      // Nor should an OpenAI SDK send it again.
      expect(response.headers.get('x-should-retry')).toBe('false');
      // Once: a retry would run the request (maybe a sandbox) again.
      expect(competitor.requests.length - before).toBe(1);
    }
  });

  // Node's keep-alive race (its docs: retry when `req.reusedSocket` and
  // ECONNRESET): the competitor closed an idle connection as the gateway
  // reused it, so it never saw the request. Only `createNodeFetch` can tell.
  it.runIf(io === 'direct')(
    'should retry a request that met a keep-alive connection the competitor had closed',
    async () => {
      const served = new WeakSet<object>();
      await using competitor = await startTestServer((request, response) => {
        if (served.has(request.socket)) {
          request.socket.destroy();
          return;
        }
        served.add(request.socket);
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(completionBody('fine')));
      });
      await using gateway = await startTestGateway({
        io,
        competitors: [{ id: 'a', url: competitor.url }],
        retry: { attempts: 2, baseDelayMs: 10 },
      });
      for (let round = 0; round < 2; round++) {
        const response = await postChat(gateway.url, chatBody());
        expect(response.status).toBe(200);
        await response.text();
      }
      expect(competitor.requests).toHaveLength(3);
      expect(
        gateway.logger.entries.filter(entry => entry.msg === 'upstream.retry'),
      ).toHaveLength(1);
    },
  );

  it('should still retry a competitor that cannot be reached', async () => {
    // A port that was free: nothing listens there any more.
    const gone = await startTestServer(() => {});
    const url = gone.url;
    await gone.close();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url }],
      retry: { attempts: 2, baseDelayMs: 10 },
      keepAliveIntervalMs: 5_000,
    });
    const response = await postChat(gateway.url, chatBody());
    expect(response.status).toBe(503);
    expect(
      gateway.logger.entries.filter(entry => entry.msg === 'upstream.retry'),
    ).toHaveLength(1);
  });

  it('should decompress a gzip or deflate answer and ask for none', async () => {
    const sse = `${chunkFrame({ content: 'zipped' })}data: [DONE]\n\n`;
    await using competitor = await startTestServer(
      (_request, response, body) => {
        if (JSON.parse(body).stream) {
          response.writeHead(200, {
            'content-type': 'text/event-stream',
            'content-encoding': 'gzip',
          });
          response.end(gzipSync(sse));
          return;
        }
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'deflate',
        });
        response.end(deflateSync(JSON.stringify(completionBody('deflated'))));
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const stream = await postChat(gateway.url, chatBody({ stream: true }));
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(contents(await stream.text())).toEqual(['zipped', '[DONE]']);
    const nonStream = await postChat(gateway.url, chatBody());
    expect(nonStream.status).toBe(200);
    expect(nonStream.headers.get('content-encoding')).toBeNull();
    expect((await nonStream.json()).choices[0].message.content).toBe(
      'deflated',
    );
    for (const request of competitor.requests)
      expect(request.headers['accept-encoding']).toBe('identity');
  });

  // Raw deflate (RFC 1951) under `content-encoding: deflate`: browsers and
  // the global fetch read it, so competitors tested with them send it.
  it('should read a raw deflate answer, streamed event by event or whole', async () => {
    await using competitor = await startTestServer(
      async (_request, response, body) => {
        if (!JSON.parse(body).stream) {
          response.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'deflate',
          });
          response.end(deflateRawSync(JSON.stringify(completionBody('raw'))));
          return;
        }
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'content-encoding': 'deflate',
        });
        const deflate = createDeflateRaw();
        deflate.on('data', chunk => response.write(chunk));
        deflate.on('end', () => response.end());
        for (const content of ['one', 'two']) {
          deflate.write(chunkFrame({ content }));
          await new Promise<void>(resolve =>
            deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()),
          );
          await nextTick();
        }
        deflate.end('data: [DONE]\n\n');
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const stream = await postChat(gateway.url, chatBody({ stream: true }));
    expect(contents(await stream.text())).toEqual(['one', 'two', '[DONE]']);
    const nonStream = await postChat(gateway.url, chatBody());
    expect(nonStream.status).toBe(200);
    expect((await nonStream.json()).choices[0].message.content).toBe('raw');
  });

  it('should stream a gzip answer event by event and report one cut short as an error', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    await using competitor = await startTestServer(
      async (_request, response) => {
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'content-encoding': 'gzip',
        });
        response.flushHeaders();
        const gzip = createGzip();
        gzip.on('data', chunk => response.write(chunk));
        gzip.write(chunkFrame({ content: 'first' }));
        gzip.flush(constants.Z_SYNC_FLUSH);
        await released;
        // The connection dies in the middle of the compressed body.
        response.socket?.destroy();
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const response = await postChat(gateway.url, chatBody({ stream: true }));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('first')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('first');
    release();
    for (let part = await reader.read(); !part.done; part = await reader.read())
      text += decoder.decode(part.value, { stream: true });
    const lines = dataLines(text);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!).error.code).toBe('stream_error');
    expect(lines[2]).toBe('[DONE]');
  });

  it("should pass on a competitor's early 413 for a large body it closed the connection on", async () => {
    // It reads a little of the body, refuses it and hangs up on the rest.
    const refusing = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes < 64 * 1024 || response.headersSent) return;
        response.writeHead(413, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"at most 1 MiB"}}', () =>
          request.socket.destroy(),
        );
      });
    });
    await using competitor = await listenOnFreePort(refusing).then(
      listening => ({ ...listening, [Symbol.asyncDispose]: listening.close }),
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      retry: { attempts: 3, baseDelayMs: 10 },
    });
    const body = chatBody({ pad: 'p'.repeat(8 * 1024 * 1024) });
    for (let round = 0; round < 3; round++) {
      const response = await postChat(gateway.url, body);
      expect(response.status).toBe(413);
      expect((await response.json()).error.message).toBe(
        'The competitor answered 413: at most 1 MiB',
      );
    }
  });

  it('should answer 502 to a competitor redirect, without following it', async () => {
    let followed = 0;
    await using elsewhere = await startTestServer((_request, response) => {
      followed++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completionBody('elsewhere')));
    });
    await using competitor = await startTestServer((_request, response) => {
      response
        .writeHead(307, { location: `${elsewhere.url}/v1/chat/completions` })
        .end();
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    for (const stream of [false, true]) {
      const response = await postChat(gateway.url, chatBody({ stream }));
      expect(response.status).toBe(502);
      const { error } = await response.json();
      expect(error.code).toBe('upstream_error');
      expect(error.message).toContain('307');
    }
    expect(followed).toBe(0);
  });

  it('should reassemble events split at every byte, with CRLF, CR, a BOM, comments, id and retry', async () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const cr = (text: string) => text.replace(/\n/g, '\r');
    const wire = Buffer.from(
      `\uFEFF: warming up\r\nretry: 1000\r\nid: 7\r\n${crlf(
        chunkFrame({ content: 'crlf' }),
      )}${cr(chunkFrame({ content: 'cr' }))}event: message\nid: 9\n${chunkFrame(
        { content: 'lf €😀' },
      )}data: [DONE]\n\n`,
    );
    await using competitor = await startTestServer(
      async (_request, response) => {
        openSse(response);
        for (const byte of wire) {
          response.write(Buffer.from([byte]));
          await nextTick();
        }
        response.end();
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const text = await (
      await postChat(gateway.url, chatBody({ stream: true }))
    ).text();
    expect(contents(text)).toEqual(['crlf', 'cr', 'lf €😀', '[DONE]']);
    expect(text).toContain(': warming up\n\n');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\uFEFF');
  });

  it('should end with the competitor’s event: error as the final error event', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'partial' }));
      response.end(
        'event: error\ndata: {"message":"overloaded, try later"}\n\n',
      );
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const lines = dataLines(
      await (await postChat(gateway.url, chatBody({ stream: true }))).text(),
    );
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).choices[0].delta.content).toBe('partial');
    expect(JSON.parse(lines[1]!).error).toMatchObject({
      message: 'overloaded, try later',
      code: 'upstream_error',
    });
    expect(lines[2]).toBe('[DONE]');
  });

  it('should pass a mid-stream {"error":…} data event on as the final error event', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'partial' }));
      response.end(
        `data: ${JSON.stringify({ error: { message: 'Provider disconnected', code: 'server_error' }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`,
      );
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const lines = dataLines(
      await (await postChat(gateway.url, chatBody({ stream: true }))).text(),
    );
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!).error.message).toBe('Provider disconnected');
    expect(lines[2]).toBe('[DONE]');
  });

  it('should end a stream that never goes idle at the total timeout', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      const timer = setInterval(
        () => response.write(chunkFrame({ content: '.' })),
        20,
      );
      response.on('close', () => clearInterval(timer));
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      timeouts: { idleMs: 200, totalMs: 500 },
    });
    const started = Date.now();
    const lines = dataLines(
      await (await postChat(gateway.url, chatBody({ stream: true }))).text(),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines.length).toBeGreaterThan(5);
    expect(JSON.parse(lines.at(-2)!).error.code).toBe('timeout');
    expect(JSON.parse(lines.at(-2)!).error.message).toContain('total');
    expect(lines.at(-1)).toBe('[DONE]');
  });

  it('should pass n > 1 choices and the include_usage chunk through unchanged', async () => {
    const second = `data: ${JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'test',
      choices: [{ index: 1, delta: { content: 'two' }, finish_reason: null }],
    })}\n\n`;
    const usage = `data: ${JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'test',
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    })}\n\n`;
    const upstream = `${chunkFrame({ content: 'one' })}${second}${usage}data: [DONE]\n\n`;
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.end(upstream);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const body = chatBody({
      stream: true,
      n: 2,
      stream_options: { include_usage: true },
    });
    const text = await (await postChat(gateway.url, body)).text();
    expect(dataLines(text)).toEqual(dataLines(upstream));
    expect(competitor.requests[0]!.body).toBe(body);
  });

  it('should refuse a request body that is not UTF-8 with 400, and accept a UTF-8 BOM', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completionBody('ok')));
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const text = chatBody({ messages: [{ role: 'user', content: 'café' }] });
    const bom = await postChat(
      gateway.url,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(bom.status).toBe(200);
    expect(competitor.requests[0]!.body).toBe(text);
    const latin1 = await postChat(gateway.url, Buffer.from(text, 'latin1'));
    expect(latin1.status).toBe(400);
    expect((await latin1.json()).error.code).toBe('invalid_json');
    expect(competitor.requests).toHaveLength(1);
  });

  it('should replace an X-Request-Id that is too long, repeated or not log-safe, upstream too', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completionBody('ok')));
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const longest = 'a'.repeat(128);
    const kept = await postChat(gateway.url, chatBody(), {
      'x-request-id': longest,
    });
    expect(kept.headers.get('x-request-id')).toBe(longest);
    for (const id of ['a'.repeat(129), 'a,b', 'a"b', 'x\u00ff']) {
      const response = await postChat(gateway.url, chatBody(), {
        'x-request-id': id,
      });
      const echoed = response.headers.get('x-request-id');
      expect(echoed).toMatch(/^req_[0-9a-f]{32}$/);
      expect(competitor.requests.at(-1)!.headers['x-request-id']).toBe(echoed);
    }
    // Two X-Request-Id fields: neither is trusted.
    const { port } = new URL(gateway.url);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', text => {
        received += text;
      });
      socket.on('end', () => resolve(received.split('\r\n\r\n')[0]!));
      socket.on('error', reject);
      const body = chatBody();
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nX-Request-Id: one\r\nX-Request-Id: two\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
    });
    expect(head).toMatch(/\r\nx-request-id: req_[0-9a-f]{32}\r\n/i);
  });

  it('should pass no hop-by-hop or other headers through in either direction', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'set-cookie': 'session=competitor',
        'keep-alive': 'timeout=1',
        'x-upstream-secret': 'internal',
      });
      response.end(`${chunkFrame({ content: 'ok' })}data: [DONE]\n\n`);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const response = await postChat(gateway.url, chatBody({ stream: true }), {
      cookie: 'gateway-session=1',
      te: 'trailers',
      'proxy-authorization': 'Basic eDp5',
      'x-forwarded-for': '10.0.0.1',
    });
    expect(contents(await response.text())).toEqual(['ok', '[DONE]']);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-upstream-secret')).toBeNull();
    expect(response.headers.get('keep-alive')).not.toBe('timeout=1');
    expect(Object.keys(competitor.requests[0]!.headers).sort()).toEqual(
      [
        'accept',
        'accept-encoding',
        'connection',
        'content-length',
        'content-type',
        'host',
        'user-agent',
        'x-request-id',
      ]
        .concat(io === 'web' ? ['accept-language', 'sec-fetch-mode'] : [])
        .sort(),
    );
  });
});
