import { createServer, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway, TEST_IO } from '../../test/test-gateway';
import {
  chunkFrame,
  listenOnFreePort,
  openSse,
  startTestServer,
} from '../../test/test-server';
import { createGateway } from '../gateway/create-gateway';
import { createMemoryLogger } from '../observability/logger';
import { createNodeFetch } from './create-node-fetch';
import { createNodeHandler } from './create-node-handler';

// Multi-byte text: a chunk size counted in characters instead of bytes
// would break the framing.
const WORDS = ['héllo ', 'wörld ✓ ', '🎉'];

/** A competitor that streams WORDS one event at a time, then `[DONE]`. */
async function startWordCompetitor() {
  return startTestServer(async (_request, response) => {
    openSse(response);
    for (const content of WORDS) {
      response.write(chunkFrame({ content }));
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    response.end('data: [DONE]\n\n');
  });
}

/**
 * A raw HTTP/1.x client on one socket: sends a request, returns the head and
 * the body bytes exactly as they came (chunk framing included), so the test
 * checks the wire, not what a client library makes of it.
 */
class RawClient {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private wake: (() => void) | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', data => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static async open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve).once('error', reject);
    });
    return new RawClient(socket);
  }

  post(body: string, version = '1.1'): void {
    this.socket.write(
      `POST /v1/chat/completions HTTP/${version}\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  /** Bytes up to and including `marker` (waits for them). */
  async readUntil(marker: string): Promise<Buffer> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at !== -1) return this.take(at + Buffer.byteLength(marker));
      await this.more();
    }
  }

  async readBytes(count: number): Promise<Buffer> {
    while (this.buffer.length < count) await this.more();
    return this.take(count);
  }

  /** Everything until the server closes the connection. */
  async readToClose(): Promise<Buffer> {
    while (!this.closed) await this.more();
    return this.take(this.buffer.length);
  }

  /** A chunked body, decoded strictly: each size must match its bytes. */
  async readChunkedBody(): Promise<{ body: string; chunks: number }> {
    const parts: Buffer[] = [];
    for (;;) {
      const sizeLine = (await this.readUntil('\r\n')).toString('latin1');
      expect(sizeLine).toMatch(/^[0-9a-f]+\r\n$/);
      const size = Number.parseInt(sizeLine, 16);
      const data = await this.readBytes(size + 2);
      expect(data.subarray(size).toString('latin1')).toBe('\r\n');
      if (size === 0) break;
      parts.push(data.subarray(0, size));
    }
    return {
      body: Buffer.concat(parts).toString('utf8'),
      chunks: parts.length,
    };
  }

  private take(count: number): Buffer {
    const taken = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return taken;
  }

  private more(): Promise<void> {
    if (this.closed) throw new Error('the server closed the connection');
    return new Promise(resolve => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}

const contentOf = (body: string) =>
  body
    .split('\n')
    .filter(line => line.startsWith('data: {'))
    .map(line => JSON.parse(line.slice(6)).choices[0].delta.content)
    .join('');

describe.each(TEST_IO)('writeWebResponse on the wire (%s)', io => {
  it('should frame each chunk by its byte length and keep the connection reusable', async () => {
    await using competitor = await startWordCompetitor();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    let serverSocket: Socket | undefined;
    let drainListeners = 0;
    gateway.server.once('connection', socket => {
      serverSocket = socket;
      drainListeners = socket.listenerCount('drain');
    });
    const client = await RawClient.open(gateway.url);
    try {
      for (let round = 0; round < 2; round++) {
        client.post(chatBody({ stream: true }));
        const head = (await client.readUntil('\r\n\r\n')).toString('latin1');
        expect(head).toMatch(/^HTTP\/1\.1 200 /);
        expect(head.toLowerCase()).toContain('transfer-encoding: chunked');
        const { body, chunks } = await client.readChunkedBody();
        expect(contentOf(body)).toBe(WORDS.join(''));
        expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
        expect(chunks).toBeGreaterThanOrEqual(WORDS.length);
      }
      // No listener of the streams stays on the kept-alive socket.
      expect(serverSocket).toBeDefined();
      expect(serverSocket!.listenerCount('drain')).toBe(drainListeners);
    } finally {
      client.socket.destroy();
    }
  });

  it('should send an unframed body that ends with the connection to an HTTP/1.0 client', async () => {
    await using competitor = await startWordCompetitor();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const client = await RawClient.open(gateway.url);
    try {
      client.post(chatBody({ stream: true }), '1.0');
      const raw = (await client.readToClose()).toString('utf8');
      const [head, body] = [
        raw.slice(0, raw.indexOf('\r\n\r\n')),
        raw.slice(raw.indexOf('\r\n\r\n') + 4),
      ];
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      expect(head.toLowerCase()).not.toContain('transfer-encoding');
      expect(contentOf(body)).toBe(WORDS.join(''));
      expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    } finally {
      client.socket.destroy();
    }
  });
});

describe('writeWebResponse behind middleware that wraps the response', () => {
  it('should write a gateway stream through a wrapped write() and end()', async () => {
    await using competitor = await startWordCompetitor();
    const nodeFetch = createNodeFetch();
    const gateway = createGateway({
      competitors: [{ id: 'a', url: competitor.url }],
      healthCheck: { intervalMs: 0 },
      logger: createMemoryLogger(),
      fetch: nodeFetch,
    });
    const handler = createNodeHandler(gateway);
    // What a tap, byte-counting or compressing middleware does (Express's
    // `compression`, `express-winston` bodies): it replaces `write`/`end`.
    let tapped = '';
    const tap = (response: ServerResponse) => {
      const write = response.write.bind(response);
      const end = response.end.bind(response);
      response.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        tapped += Buffer.from(chunk).toString('utf8');
        return write(chunk, ...rest);
      }) as ServerResponse['write'];
      response.end = ((chunk?: unknown, ...rest: never[]) => {
        if (typeof chunk === 'string' || chunk instanceof Uint8Array)
          tapped += Buffer.from(chunk).toString('utf8');
        return end(chunk as never, ...rest);
      }) as ServerResponse['end'];
    };
    const server = createServer((request, response) => {
      tap(response);
      void handler(request, response);
    });
    const listening = await listenOnFreePort(server);
    try {
      const response = await fetch(`${listening.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chatBody({ stream: true }),
      });
      const body = await response.text();
      expect(contentOf(body)).toBe(WORDS.join(''));
      // The middleware saw every byte the client got.
      expect(tapped).toBe(body);
    } finally {
      await gateway.close();
      await listening.close();
      nodeFetch.close();
    }
  });
});
