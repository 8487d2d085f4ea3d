import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningServer, listenNode } from './listen-node';

let server: ListeningServer;
let seen: string[] = [];

beforeAll(async () => {
  server = await listenNode({
    fetch: async request => {
      seen.push(request.url);
      return Response.json({ url: request.url });
    },
  });
});

afterAll(() => server.close());

/** Sends raw bytes (what no fetch client would send) and reads the whole answer. */
function sendRaw(
  head: string,
): Promise<{ status: number; body: string; headers: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', chunk => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      const headers = text.slice(0, split);
      let body = text.slice(split + 4);
      if (/^transfer-encoding: chunked$/im.test(headers)) body = dechunk(body);
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1]),
        headers,
        body,
      });
    });
    socket.end(`${head}\r\n\r\n`);
  });
}

/** The data of a chunked body (RFC 9112 §7.1). */
function dechunk(body: string): string {
  let data = '';
  for (let rest = body; ; ) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return data;
    data += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

describe('listenNode', () => {
  it('should answer a malformed Host with 400 and an error body, never reaching the handler', async () => {
    seen = [];
    for (const host of [
      'a b',
      'evil.example@127.0.0.1',
      '127.0.0.1#.evil.example',
      '127.0.0.1/x?',
      '127.0.0.1:80:80',
    ]) {
      const answer = await sendRaw(
        `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close`,
      );
      expect([host, answer.status]).toEqual([host, 400]);
      expect(answer.headers).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          message: expect.stringContaining('Host'),
          type: 'invalid_request_error',
          param: 'host',
          code: 'invalid_request',
        },
      });
    }
    expect(seen).toEqual([]);
  });

  it('should use the listen address with its port when a request names no Host (HTTP/1.0)', async () => {
    for (const head of [
      'GET /health?x=1 HTTP/1.0',
      'GET /health?x=1 HTTP/1.1\r\nHost: \r\nConnection: close',
    ]) {
      const answer = await sendRaw(head);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        url: `${server.url}/health?x=1`,
      });
    }
    // An absolute-form target names its own host (RFC 9112 §3.2.2).
    const absolute = await sendRaw(
      'GET http://localhost:8787/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close',
    );
    expect(JSON.parse(absolute.body)).toEqual({
      url: 'http://localhost:8787/health',
    });
    const withCredentials = await sendRaw(
      'GET http://user:pass@localhost/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close',
    );
    expect(withCredentials.status).toBe(400);
    // A well-formed Host still wins.
    const named = await sendRaw(
      'GET /health HTTP/1.1\r\nHost: localhost:8787\r\nConnection: close',
    );
    expect(JSON.parse(named.body)).toEqual({
      url: 'http://localhost:8787/health',
    });
  });
});
