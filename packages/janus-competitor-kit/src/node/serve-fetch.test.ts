import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { serveFetch } from './serve-fetch';

/** A body that sends `first`, then `second` once `release()` is called. */
function gatedBody() {
  let release!: () => void;
  const released = new Promise<void>(resolve => {
    release = resolve;
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode('first '));
      await released;
      controller.enqueue(encoder.encode('second'));
      controller.close();
    },
  });
  return { body, release };
}

describe('serveFetch', () => {
  it('should cancel the body of an answer whose client left while the handler was answering', async () => {
    let cancelled!: () => void;
    const cancel = new Promise<void>(resolve => {
      cancelled = resolve;
    });
    let left!: () => void;
    const clientLeft = new Promise<void>(resolve => {
      left = resolve;
    });
    const server = await serveFetch({
      fetch: async request => {
        // Answer only once the client has gone.
        await new Promise<void>(resolve =>
          request.signal.addEventListener('abort', () => resolve()),
        );
        left();
        return new Response(
          new ReadableStream<Uint8Array>({ cancel: () => cancelled() }),
        );
      },
      logger: silentLogger,
    });
    try {
      const client = httpRequest(server.url);
      client.on('error', () => {});
      client.end();
      await new Promise(resolve => setTimeout(resolve, 100));
      client.destroy();
      await clientLeft;
      await cancel;
    } finally {
      await server.close({ graceMs: 0 });
    }
  });

  it('should let a response in flight finish on close() instead of cutting it', async () => {
    const { body, release } = gatedBody();
    const server = await serveFetch({
      fetch: async () => new Response(body),
      logger: silentLogger,
    });
    const response = await fetch(server.url);
    const text = response.text();
    const closing = server.close({ graceMs: 60_000 });
    release();
    expect(await text).toBe('first second');
    await closing;
  });

  it('should wait without limit for graceMs: Infinity (not abort at once)', async () => {
    const { body, release } = gatedBody();
    let aborted = false;
    const server = await serveFetch({
      fetch: async request => {
        request.signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Response(body);
      },
      logger: silentLogger,
    });
    const response = await fetch(server.url);
    const text = response.text();
    const closing = server.close({ graceMs: Number.POSITIVE_INFINITY });
    // Node turns a timer over 2^31 - 1 ms into 1 ms; give it time to fire.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(aborted).toBe(false);
    release();
    expect(await text).toBe('first second');
    await closing;
  });

  it('should return the same promise from a second close()', async () => {
    const server = await serveFetch({
      fetch: async () => new Response('ok'),
      logger: silentLogger,
    });
    const first = server.close();
    const second = server.close();
    expect(second).toBe(first);
    await expect(Promise.all([first, second])).resolves.toEqual([
      undefined,
      undefined,
    ]);
  });

  it('should wait for the promises a handler hands to waitUntil, ignoring rejections', async () => {
    const events: string[] = [];
    const server = await serveFetch({
      fetch: async (_request, context) => {
        context.waitUntil(
          new Promise<void>(resolve =>
            setTimeout(() => {
              events.push('background work done');
              resolve();
            }, 200),
          ),
        );
        context.waitUntil(Promise.reject(new Error('ignored')));
        return new Response('ok');
      },
      logger: silentLogger,
    });
    expect(await (await fetch(server.url)).text()).toBe('ok');
    await server.close();
    events.push('closed');
    expect(events).toEqual(['background work done', 'closed']);
  });
});
