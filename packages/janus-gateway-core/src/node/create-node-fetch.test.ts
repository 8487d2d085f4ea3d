import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createDeflateRaw,
  deflateRawSync,
  deflateSync,
  constants as zlib,
} from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  listenOnFreePort,
  startTestServer,
  waitFor,
} from '../../test/test-server';
import { CONNECT_HOOK } from '../chat/connect-hook';
import { ABORT_HOOK, UpstreamAbort } from '../internal/direct-io';
import { createNodeFetch } from './create-node-fetch';

const manual = { redirect: 'manual' } as const;

/**
 * A competitor that refuses a body after reading its first 64 KiB: it
 * answers 413 at once, then `close`s the connection (with the rest of the
 * body unread) or keeps reading it to count what was sent.
 */
async function startRefusingServer(after: 'close' | 'read') {
  const received: number[] = [];
  const server = createServer(
    (request: IncomingMessage, response: ServerResponse) => {
      let bytes = 0;
      let answered = false;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (answered || bytes < 64 * 1024) return;
        answered = true;
        response.writeHead(413, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"too big"}}', () => {
          if (after === 'close') request.socket.destroy();
        });
      });
      // Not the request's `close`: it was done with once answered.
      request.socket.once('close', () => received.push(bytes));
    },
  );
  const listening = await listenOnFreePort(server);
  return {
    ...listening,
    server,
    received,
    [Symbol.asyncDispose]: listening.close,
  };
}

/** Writes `bytes` one byte per event-loop turn (each its own TCP segment). */
async function writeByteByByte(response: ServerResponse, bytes: Buffer) {
  for (const byte of bytes) {
    response.write(Buffer.from([byte]));
    await new Promise(resolve => setImmediate(resolve));
  }
  response.end();
}

/**
 * A competitor that answers `content-encoding: deflate` in every form seen
 * in the wild: the zlib wrapper (RFC 1950, what the RFC asks for) and raw
 * deflate (RFC 1951), whole, a byte at a time or flushed piece by piece;
 * plus an empty body and one that is not deflate at all.
 */
async function startDeflateServer() {
  return startTestServer(async (request, response) => {
    const send = (body: Buffer) => {
      response.writeHead(200, { 'content-encoding': 'deflate' });
      response.end(body);
    };
    switch (request.url) {
      case '/zlib':
        return send(deflateSync('wrapped'));
      case '/raw':
        return send(deflateRawSync('raw'));
      case '/raw-bytes':
        response.writeHead(200, { 'content-encoding': 'deflate' });
        return writeByteByByte(response, deflateRawSync('raw, byte by byte'));
      case '/zlib-bytes':
        response.writeHead(200, { 'content-encoding': 'deflate' });
        return writeByteByByte(response, deflateSync('wrapped, byte by byte'));
      case '/raw-flushed': {
        response.writeHead(200, { 'content-encoding': 'deflate' });
        const deflate = createDeflateRaw();
        deflate.on('data', chunk => response.write(chunk));
        deflate.on('end', () => response.end());
        deflate.write('data: one\n\n');
        await new Promise<void>(resolve =>
          deflate.flush(zlib.Z_SYNC_FLUSH, () => resolve()),
        );
        await new Promise(resolve => setTimeout(resolve, 20));
        deflate.end('data: two\n\n');
        return;
      }
      case '/empty':
        return send(Buffer.alloc(0));
      default:
        return send(Buffer.from('not deflate at all'));
    }
  });
}

describe('createNodeFetch', () => {
  it('should POST a body and reuse one kept-alive connection for sequential requests', async () => {
    await using server = await startTestServer((_request, response, body) => {
      response
        .writeHead(201, { 'content-type': 'application/json', 'x-a': '1' })
        .end(JSON.stringify({ echo: body }));
    });
    let connections = 0;
    server.server.on('connection', () => connections++);
    const fetch = createNodeFetch();
    try {
      for (let index = 0; index < 5; index++) {
        const response = await fetch(`${server.url}/x`, {
          ...manual,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"n":${index}}`,
        });
        expect(response.status).toBe(201);
        expect(response.headers.get('x-a')).toBe('1');
        expect(await response.json()).toEqual({ echo: `{"n":${index}}` });
      }
      expect(connections).toBe(1);
      expect(server.requests[0]!.headers['content-length']).toBe('7');
    } finally {
      fetch.close();
    }
  });

  it('should send Host from the URL unless given, and the true content-length', async () => {
    await using server = await startTestServer((_request, response) => {
      response.end('ok');
    });
    const fetch = createNodeFetch();
    try {
      const url = new URL(server.url);
      await fetch(`${server.url}/a?q=1`, {
        ...manual,
        method: 'POST',
        // A stale length and a header whose value is "host" must not fool it.
        headers: { 'Content-Length': '99', 'x-note': 'host' },
        body: 'héllo',
      });
      await fetch(`${server.url}/b`, {
        ...manual,
        headers: new Headers({ host: 'competitor.example' }),
      });
      const [first, second] = server.requests;
      expect(first!.url).toBe('/a?q=1');
      expect(first!.headers.host).toBe(url.host);
      expect(first!.headers['content-length']).toBe('6');
      expect(first!.headers['x-note']).toBe('host');
      expect(first!.body).toBe('héllo');
      expect(second!.headers.host).toBe('competitor.example');
      expect(second!.headers['content-length']).toBeUndefined();
    } finally {
      fetch.close();
    }
  });

  it('should return no body for 204 and a redirect as is (manual)', async () => {
    await using server = await startTestServer((request, response) => {
      if (request.url === '/empty') response.writeHead(204).end();
      else response.writeHead(302, { location: '/elsewhere' }).end('moved');
    });
    const fetch = createNodeFetch();
    try {
      const empty = await fetch(`${server.url}/empty#top`, manual);
      expect(empty.status).toBe(204);
      expect(empty.body).toBeNull();
      // The URL asked for, without its fragment, as Fetch reports it.
      expect(empty.url).toBe(`${server.url}/empty`);
      const moved = await fetch(`${server.url}/old?q=1#`, manual);
      expect(moved.url).toBe(`${server.url}/old?q=1`);
      expect(moved.clone().url).toBe(`${server.url}/old?q=1`);
      expect(moved.status).toBe(302);
      expect(moved.headers.get('location')).toBe('/elsewhere');
      expect(await moved.text()).toBe('moved');
      expect(server.requests.map(request => request.url)).toEqual([
        '/empty',
        '/old?q=1',
      ]);
    } finally {
      fetch.close();
    }
  });

  it('should listen for the gateway abort through the hook, without a signal, also when it hands a request to the global fetch', async () => {
    await using server = await startTestServer(() => {
      // Never answers: only an abort ends the request.
    });
    const fetch = createNodeFetch();
    try {
      expect((fetch as { [ABORT_HOOK]?: unknown })[ABORT_HOOK]).toBe(true);
      const reason = new Error('client gone');
      for (const input of [
        `${server.url}/own`,
        // A `Request` goes to the global fetch, which needs a signal.
        new Request(`${server.url}/global`, { method: 'POST', body: 'x' }),
      ]) {
        const upstream = new UpstreamAbort();
        const answer = fetch(input, {
          ...manual,
          [ABORT_HOOK]: upstream.onAbort,
        } as RequestInit).catch((error: unknown) => error);
        await waitFor(
          () => server.requests.length === (input instanceof Request ? 2 : 1),
        );
        upstream.abort(reason);
        expect(await answer).toBe(reason);
      }
    } finally {
      fetch.close();
    }
  });

  it('should report each connection to the gateway, a reused one at once', async () => {
    await using server = await startTestServer((_request, response) => {
      response.end('ok');
    });
    const fetch = createNodeFetch();
    try {
      expect((fetch as { [CONNECT_HOOK]?: unknown })[CONNECT_HOOK]).toBe(true);
      for (let round = 0; round < 2; round++) {
        let connected = 0;
        const response = await fetch(`${server.url}/x`, {
          ...manual,
          [CONNECT_HOOK]: () => connected++,
        } as RequestInit);
        await response.text();
        expect(connected).toBe(1);
      }
      // Nothing connects to a closed port.
      let connected = 0;
      await fetch('http://127.0.0.1:1/x', {
        ...manual,
        [CONNECT_HOOK]: () => connected++,
      } as RequestInit).catch(() => {});
      expect(connected).toBe(0);
    } finally {
      fetch.close();
    }
  });

  it('should reject a connection error with TypeError("fetch failed") and its cause', async () => {
    const fetch = createNodeFetch();
    const error = await fetch('http://127.0.0.1:1/x', manual).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(String((error as { cause?: unknown }).cause)).toMatch(
      /ECONNREFUSED/,
    );
    fetch.close();
  });

  it('should abort before the answer with the reason, and abort the body being read', async () => {
    let closed = 0;
    await using server = await startTestServer((request, response) => {
      response.on('close', () => closed++);
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first');
      }
    });
    const fetch = createNodeFetch();
    try {
      const early = new AbortController();
      const pending = fetch(`${server.url}/never`, {
        ...manual,
        signal: early.signal,
      });
      await waitFor(() => server.requests.length === 1);
      early.abort(new Error('gone'));
      await expect(pending).rejects.toThrow('gone');

      const late = new AbortController();
      const response = await fetch(`${server.url}/stream`, {
        ...manual,
        signal: late.signal,
      });
      const reader = response.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(
        'first',
      );
      late.abort(new Error('later'));
      await expect(reader.read()).rejects.toThrow('later');
      await waitFor(() => closed === 2);
    } finally {
      fetch.close();
    }
  });

  it("should answer with the competitor's early 413, not the failed upload, when it closes the connection", async () => {
    await using server = await startRefusingServer('close');
    const fetch = createNodeFetch();
    try {
      const body = 'x'.repeat(8 * 1024 * 1024);
      for (let round = 0; round < 5; round++) {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
          ...manual,
          method: 'POST',
          body,
        });
        expect(response.status).toBe(413);
        expect(await response.json()).toEqual({
          error: { message: 'too big' },
        });
      }
    } finally {
      fetch.close();
    }
  });

  it('should stop uploading once the competitor refused the body, and not reuse that connection', async () => {
    await using server = await startRefusingServer('read');
    let connections = 0;
    server.server.on('connection', () => connections++);
    const fetch = createNodeFetch();
    try {
      const size = 8 * 1024 * 1024;
      for (let round = 0; round < 2; round++) {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
          ...manual,
          method: 'POST',
          body: new Uint8Array(size),
        });
        expect(response.status).toBe(413);
        await response.text();
      }
      await waitFor(() => server.received.length === 2);
      for (const bytes of server.received) expect(bytes).toBeLessThan(size);
      expect(connections).toBe(2);
    } finally {
      fetch.close();
    }
  });

  it('should stop reading from the upstream while the body is not consumed', async () => {
    let written = 0;
    let blocked = false;
    let finished = false;
    await using server = await startTestServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let index = 0; index < 1_000 && !response.destroyed; index++) {
        written += chunk.length;
        if (!response.write(chunk)) {
          blocked = true;
          await new Promise(resolve => response.once('drain', resolve));
          blocked = false;
        }
      }
      response.end();
      finished = true;
    });
    const fetch = createNodeFetch();
    try {
      const response = await fetch(`${server.url}/big`, manual);
      // Nothing reads the body: the server must end up blocked on `drain`
      // (for 500 ms in a row), far from done; without backpressure it would
      // be read into memory and finish.
      let blockedSince = 0;
      await waitFor(() => {
        if (!blocked) blockedSince = 0;
        else if (blockedSince === 0) blockedSince = Date.now();
        return (
          (blockedSince > 0 && Date.now() - blockedSince >= 500) || finished
        );
      }, 20_000);
      expect(finished).toBe(false);
      expect(written).toBeLessThan((64 * 1024 * 1_000) / 4);
      let received = 0;
      const reader = response.body!.getReader();
      for (
        let read = await reader.read();
        !read.done;
        read = await reader.read()
      )
        received += read.value.byteLength;
      expect(received).toBe(64 * 1024 * 1_000);
    } finally {
      fetch.close();
    }
  }, 30_000);
  it('should fail the body with TypeError("terminated") when the connection was lost before anything read it', async () => {
    let lost!: () => void;
    const gone = new Promise<void>(resolve => {
      lost = resolve;
    });
    await using server = await startTestServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('partial');
      response.socket?.once('close', lost);
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const fetch = createNodeFetch();
    try {
      const response = await fetch(`${server.url}/cut`, manual);
      await gone;
      // Let the client side see the close too.
      await new Promise(resolve => setTimeout(resolve, 50));
      const read = response.text();
      await expect(read).rejects.toThrow(TypeError);
      await expect(read).rejects.toThrow('terminated');
    } finally {
      fetch.close();
    }
  });

  it('should read content-encoding: deflate with or without the zlib wrapper, as the global fetch does', async () => {
    await using server = await startDeflateServer();
    const fetch = createNodeFetch();
    const outcome = async (read: typeof globalThis.fetch, path: string) => {
      const response = await read(`${server.url}${path}`, manual);
      return response.text().catch((error: unknown) => {
        expect(error).toBeInstanceOf(TypeError);
        return `${(error as Error).message}: ${(error as Error).cause}`;
      });
    };
    try {
      const paths = [
        '/zlib',
        '/raw',
        '/raw-bytes',
        '/zlib-bytes',
        '/raw-flushed',
        '/empty',
      ];
      for (const path of paths)
        expect(await outcome(fetch, path)).toBe(
          await outcome(globalThis.fetch, path),
        );
      expect(await outcome(fetch, '/raw')).toBe('raw');
      expect(await outcome(fetch, '/raw-bytes')).toBe('raw, byte by byte');
      expect(await outcome(fetch, '/raw-flushed')).toBe(
        'data: one\n\ndata: two\n\n',
      );
      // Neither form: the body fails, as the global fetch's does.
      expect(await outcome(fetch, '/garbage')).toMatch(/^terminated: Error: /);
      expect(await outcome(globalThis.fetch, '/garbage')).toMatch(
        /^terminated: Error: /,
      );
    } finally {
      fetch.close();
    }
  });

  it('should stop reading a raw deflate body from the upstream while it is not consumed', async () => {
    let written = 0;
    let gone = false;
    const total = 64 * 1024 * 1_000;
    await using server = await startTestServer(async (_request, response) => {
      response.writeHead(200, { 'content-encoding': 'deflate' });
      response.on('close', () => {
        gone = true;
      });
      // Random bytes do not compress (nor does their repetition, a window
      // apart): the body is as large as the text.
      const piece = randomBytes(64 * 1024);
      const deflate = createDeflateRaw({ level: zlib.Z_BEST_SPEED });
      deflate.pipe(response);
      for (let index = 0; index < 1_000 && !response.destroyed; index++) {
        written += piece.byteLength;
        if (!deflate.write(piece))
          await new Promise(resolve => deflate.once('drain', resolve));
      }
      deflate.end();
    });
    const fetch = createNodeFetch();
    try {
      const response = await fetch(`${server.url}/big`, manual);
      // Nothing reads the body: the competitor must stall (500 ms without
      // writing), far from done.
      let seen = -1;
      let since = 0;
      await waitFor(() => {
        if (written !== seen) {
          seen = written;
          since = Date.now();
        }
        return Date.now() - since >= 500 || written === total || gone;
      }, 20_000);
      expect(gone).toBe(false);
      expect(written).toBeLessThan(total / 4);
      let received = 0;
      const reader = response.body!.getReader();
      for (
        let read = await reader.read();
        !read.done;
        read = await reader.read()
      )
        received += read.value.byteLength;
      expect(received).toBe(total);
    } finally {
      fetch.close();
    }
  }, 30_000);
});
