import { request as httpRequest } from 'node:http';
import { createErrorResponse, JanusError } from '@janus/protocol';
import OpenAI, { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from '../server/create-competitor';
import { serve } from './serve';

describe('serve', () => {
  it('should serve a competitor on a real socket to the openai client and abort on disconnect', async () => {
    let cleanedUp!: () => void;
    const cleanup = new Promise<void>(resolve => {
      cleanedUp = resolve;
    });
    const competitor = createCompetitor({
      id: 'socket',
      name: 'Socket',
      logger: silentLogger,
      async handle(request, stream, context) {
        const last = request.messages.at(-1);
        if (last?.content === 'forever') {
          context.signal.addEventListener('abort', () => cleanedUp());
          for (let index = 0; !context.signal.aborted; index++) {
            stream.content(`${index} `);
            await new Promise(resolve => setTimeout(resolve, 10));
          }
          return;
        }
        stream.reasoning('step ');
        stream.content('done');
      },
    });
    await using server = Object.assign(await serve({ competitor }), {
      [Symbol.asyncDispose]: () => server.close(),
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const openai = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    });

    const completion = await openai.chat.completions.create({
      model: 'socket',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('done');

    let text = '';
    const stream = await openai.chat.completions.create({
      model: 'socket',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('done');

    const controller = new AbortController();
    const endless = await openai.chat.completions.create(
      {
        model: 'socket',
        messages: [{ role: 'user', content: 'forever' }],
        stream: true,
      },
      { signal: controller.signal },
    );
    let seen = 0;
    await (async () => {
      for await (const _chunk of endless)
        if (++seen === 3) {
          controller.abort();
          break;
        }
    })().catch(() => {});
    // Resolves only when the client disconnect reached the handler's cleanups.
    await cleanup;
    expect(seen).toBe(3);
  });

  it('should answer wrong methods with 405 and allow, OPTIONS with 204, HEAD like GET without a body', async () => {
    const server = await serve({
      competitor: createCompetitor({
        id: 'methods',
        name: 'Methods',
        logger: silentLogger,
        handle: () => {},
      }),
    });
    try {
      const call = (method: string, path: string) =>
        fetch(`${server.url}${path}`, { method });
      for (const [method, path, allow] of [
        ['GET', '/v1/chat/completions', 'POST'],
        ['PUT', '/v1/chat/completions', 'POST'],
        ['DELETE', '/chat/completions', 'POST'],
        ['POST', '/v1/models', 'GET, HEAD'],
        ['POST', '/models', 'GET, HEAD'],
        ['POST', '/health', 'GET, HEAD'],
      ] as const) {
        const response = await call(method, path);
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('allow')).toBe(allow);
        expect((await response.json()).error).toMatchObject({
          code: 'method_not_allowed',
          type: 'invalid_request_error',
          message: `${method} is not allowed on ${path}; use ${allow}`,
        });
      }
      for (const [path, allow] of [
        ['/v1/chat/completions', 'POST'],
        ['/health', 'GET, HEAD'],
        ['/v1/models', 'GET, HEAD'],
      ] as const) {
        const response = await call('OPTIONS', path);
        expect(response.status, `OPTIONS ${path}`).toBe(204);
        expect(response.headers.get('allow')).toBe(allow);
        expect(await response.text()).toBe('');
      }
      for (const path of ['/health', '/v1/models']) {
        const get = await call('GET', path);
        const head = await call('HEAD', path);
        expect(head.status, `HEAD ${path}`).toBe(200);
        expect(head.headers.get('content-type')).toBe(
          get.headers.get('content-type'),
        );
        expect(await head.text()).toBe('');
      }
      expect((await call('GET', '/nope')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("should send Node's reason phrase unless the handler set its own status text", async () => {
    const server = await serve({
      competitor: {
        fetch: async request =>
          new URL(request.url).pathname === '/custom'
            ? new Response('x', { status: 400, statusText: 'Custom Reason' })
            : createErrorResponse(
                new JanusError({ message: 'bad', code: 'invalid_request' }),
              ),
      },
    });
    try {
      const plain = await fetch(`${server.url}/plain`);
      expect(plain.status).toBe(400);
      expect(plain.statusText).toBe('Bad Request');
      expect((await fetch(`${server.url}/custom`)).statusText).toBe(
        'Custom Reason',
      );
    } finally {
      await server.close();
    }
  });

  it('should refuse a declared content-length over the limit with 413 before reading the body', async () => {
    let called = false;
    const server = await serve({
      competitor: {
        fetch: async () => {
          called = true;
          return new Response('unreachable');
        },
      },
      maxBodyBytes: 1024,
    });
    try {
      // Declares 1 MB but sends 10 bytes and keeps the request open: only
      // an answer based on the header can arrive.
      const { status, body } = await new Promise<{
        status: number | undefined;
        body: string;
      }>((resolve, reject) => {
        const request = httpRequest(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-length': String(1024 * 1024) },
        });
        request.on('response', response => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            resolve({ status: response.statusCode, body: text });
            request.destroy();
          });
        });
        request.on('error', reject);
        request.write('x'.repeat(10));
      });
      expect(status).toBe(413);
      expect(JSON.parse(body).error).toMatchObject({
        code: 'payload_too_large',
        message: 'Request body exceeds 1024 bytes',
      });
      expect(called).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('should take by default any body a gateway with its default limit (20 MiB) forwards', async () => {
    let received = 0;
    const server = await serve({
      competitor: {
        fetch: async request => {
          received = (await request.arrayBuffer()).byteLength;
          return new Response('ok');
        },
      },
    });
    try {
      // @janus/gateway-core's default maxBodyBytes, less a little.
      const size = 20 * 1024 * 1024 - 1024;
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: 'x'.repeat(size),
      });
      expect(response.status).toBe(200);
      expect(received).toBe(size);
    } finally {
      await server.close();
    }
  });

  it('should answer an oversized body with 413 and an OpenAI error body', async () => {
    let called = false;
    const server = await serve({
      competitor: {
        fetch: async () => {
          called = true;
          return new Response('unreachable');
        },
      },
      maxBodyBytes: 1024,
    });
    try {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: 'x'.repeat(10_000),
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe('payload_too_large');
      expect(called).toBe(false);
    } finally {
      await server.close();
    }
  });
  describe('close', () => {
    /** A competitor whose `gate` prompt streams `before `, waits for `release()`, then `after`. */
    function gatedCompetitor() {
      const events: string[] = [];
      let release!: () => void;
      const released = new Promise<void>(resolve => {
        release = resolve;
      });
      let markAborted!: () => void;
      const aborted = new Promise<void>(resolve => {
        markAborted = resolve;
      });
      const competitor = createCompetitor({
        id: 'gated',
        name: 'Gated',
        logger: silentLogger,
        async handle(request, stream, context) {
          stream.content('before ');
          if (request.messages.at(-1)?.content === 'gate') {
            await released;
            stream.content('after');
            return;
          }
          // Never ends on its own; its abort path takes a moment, like a
          // sandbox terminate call.
          try {
            await new Promise((_, reject) => {
              context.signal.addEventListener('abort', () => {
                markAborted();
                reject(context.signal.reason);
              });
            });
          } finally {
            await new Promise(resolve => setTimeout(resolve, 20));
            events.push('handler cleaned up');
          }
        },
      });
      return { competitor, events, release, aborted };
    }

    async function startStream(url: string, prompt: string) {
      const openai = new OpenAI({
        baseURL: `${url}/v1`,
        apiKey: 'k',
        maxRetries: 0,
      });
      const stream = await openai.chat.completions.create({
        model: 'gated',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      });
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      let text = first.done
        ? ''
        : (first.value.choices[0]?.delta.content ?? '');
      // Wrapped: an async function would flatten a returned promise.
      return {
        rest: (async () => {
          for (let step = await iterator.next(); !step.done; ) {
            text += step.value.choices[0]?.delta.content ?? '';
            step = await iterator.next();
          }
          return text;
        })(),
      };
    }

    it('should refuse new connections but let a stream in flight finish before resolving', async () => {
      const { competitor, release } = gatedCompetitor();
      const server = await serve({ competitor });
      const { rest: answer } = await startStream(server.url, 'gate');
      let closed = false;
      const closing = server.close({ graceMs: 60_000 }).then(() => {
        closed = true;
      });
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
      expect(closed).toBe(false);
      release();
      expect(await answer).toBe('before after');
      await closing;
      expect(closed).toBe(true);
    });

    it('should abort a stream still running after the grace period, end it with an error event and wait for its cleanup', async () => {
      const { competitor, events, aborted } = gatedCompetitor();
      const server = await serve({ competitor });
      const { rest: answer } = await startStream(server.url, 'forever');
      const closing = server
        .close({ graceMs: 10 })
        .then(() => events.push('closed'));
      await aborted;
      const error = await answer.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).message).toMatch(/shutting down/);
      await closing;
      expect(events).toEqual(['handler cleaned up', 'closed']);
    });

    it('should close keep-alive connections that go idle during the shutdown', async () => {
      const { competitor, release } = gatedCompetitor();
      const server = await serve({ competitor });
      // Plain fetch keeps the connection alive after the body (the openai
      // client's stream ends by aborting, which closes it client-side).
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gated',
          stream: true,
          messages: [{ role: 'user', content: 'gate' }],
        }),
      });
      expect(response.status).toBe(200);
      const closing = server.close({ graceMs: 60_000 });
      release();
      expect(await response.text()).toMatch(/after.*\n\ndata: \[DONE\]\n\n$/s);
      // Node keeps an idle keep-alive socket for 5 s (keepAliveTimeout);
      // close() must not wait for it.
      const started = Date.now();
      await closing;
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  });
});
