import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOnFreePort } from '../../test/test-server';
import { onClientGone } from '../internal/direct-io';
import { createNodeHandler } from './create-node-handler';
import { createLazyRequest } from './lazy-request';
import { toNodeRequest } from './to-web-request';

function lazy(body?: string) {
  const listeners = new Set<(reason: unknown) => void>();
  const request = createLazyRequest({
    head: {
      rawHeaders: [
        'Host',
        'gateway.test',
        'Content-Type',
        'application/json',
        'X-A',
        '1',
      ],
      target: '/v1/echo?x=1',
    },
    method: body === undefined ? 'GET' : 'POST',
    clientGone: listener => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    body: body === undefined ? undefined : new TextEncoder().encode(body),
  });
  const leave = (reason: unknown) => {
    for (const listener of listeners) listener(reason);
  };
  return { request, leave, listeners };
}

/** A GET from the Node adapter over stand-in Node objects. */
function nodeGet(options: { finished: boolean }) {
  const incoming = Object.assign(new EventEmitter(), {
    rawHeaders: ['host', 'gateway.test'],
    url: '/v1/models',
    method: 'GET',
  }) as unknown as IncomingMessage;
  const response = Object.assign(new EventEmitter(), {
    writableEnded: options.finished,
  }) as unknown as ServerResponse;
  return { request: toNodeRequest({ request: incoming, response }), response };
}

describe('createLazyRequest', () => {
  it('should be a Request with its fields, without building one', () => {
    const { request, leave, listeners } = lazy('{"a":1}');
    expect(request).toBeInstanceOf(Request);
    expect(request.url).toBe('http://gateway.test/v1/echo?x=1');
    expect(request.method).toBe('POST');
    expect(request.headers.get('x-a')).toBe('1');
    expect(request.bodyUsed).toBe(false);
    // No signal (and no listener) until someone asks for it.
    expect(listeners.size).toBe(0);
    const signal = request.signal;
    expect(request.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    const reason = new Error('gone');
    leave(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('should build url and headers from the raw head on first use', () => {
    const { request } = lazy();
    expect(request.headers.get('host')).toBe('gateway.test');
    expect(request.headers).toBe(request.headers);
    expect(request.url).toBe('http://gateway.test/v1/echo?x=1');
    // The built Request sees changes made before it was built.
    request.headers.set('x-a', '2');
    expect(request.clone().headers.get('x-a')).toBe('2');
  });

  it('should abort the signal of the built Request too', async () => {
    const { request, leave } = lazy('{"a":1}');
    const copy = request.clone();
    leave(new Error('gone'));
    expect(copy.signal.aborted).toBe(true);
  });

  it('should read its body through every Body method, once', async () => {
    const { request } = lazy('{"a":1}');
    expect(await request.clone().text()).toBe('{"a":1}');
    expect(await request.json()).toEqual({ a: 1 });
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
  });

  it('should expose the remaining Request members', async () => {
    const { request } = lazy('hello');
    expect(request.body).toBeInstanceOf(ReadableStream);
    expect(request.redirect).toBe('follow');
    expect(request.cache).toBe('default');
    expect(Object.prototype.toString.call(request)).toBe('[object Request]');
    expect(await new Response(request.body).text()).toBe('hello');
    const { request: get } = lazy();
    expect(get.body).toBeNull();
    expect(await get.arrayBuffer()).toEqual(new ArrayBuffer(0));
  });

  it('should give a Node handler a complete Request (body, clone, signal)', async () => {
    const seen: unknown[] = [];
    const server = createServer(
      createNodeHandler({
        async fetch(request) {
          seen.push(request instanceof Request, request.method);
          const copy = request.clone();
          return Response.json({
            body: await request.json(),
            copy: await copy.text(),
            aborted: request.signal.aborted,
          });
        },
      }),
    );
    const listening = await listenOnFreePort(server);
    try {
      const response = await fetch(`${listening.url}/anything`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"n":42}',
      });
      expect(await response.json()).toEqual({
        body: { n: 42 },
        copy: '{"n":42}',
        aborted: false,
      });
      expect(seen).toEqual([true, 'POST']);
    } finally {
      await listening.close();
    }
  });

  it('should read a body that arrives after the headers, in pieces', async () => {
    const server = createServer(
      createNodeHandler({
        async fetch(request) {
          return new Response(await request.text());
        },
      }),
    );
    const listening = await listenOnFreePort(server);
    try {
      const { port } = new URL(listening.url);
      const socket = connect(Number(port), '127.0.0.1');
      const body = '{"slow":"body"}';
      let answer = '';
      socket.setEncoding('utf8').on('data', text => {
        answer += text;
      });
      socket.write(
        `POST /x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`,
      );
      await new Promise(resolve => setTimeout(resolve, 30));
      socket.write(body.slice(0, 5));
      await new Promise(resolve => setTimeout(resolve, 30));
      socket.end(body.slice(5));
      await new Promise(resolve => socket.once('close', resolve));
      expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
      // The body may come chunked: it must be there whole.
      expect(answer).toContain(body);
    } finally {
      await listening.close();
    }
  });

  it('should tell a listener added after the client left', async () => {
    const { request, response } = nodeGet({ finished: false });
    response.emit('close');
    const reasons: unknown[] = [];
    onClientGone(request, reason => reasons.push(reason));
    await Promise.resolve();
    expect(reasons).toHaveLength(1);
    expect((reasons[0] as DOMException).name).toBe('AbortError');
    expect(request.signal.aborted).toBe(false); // made now: told on the next microtask
    await Promise.resolve();
    expect(request.signal.aborted).toBe(true);
  });

  it('should not report a response that finished as a client that left', () => {
    const { request, response } = nodeGet({ finished: true });
    const reasons: unknown[] = [];
    onClientGone(request, reason => reasons.push(reason));
    response.emit('close');
    expect(reasons).toEqual([]);
  });
});
