import { describe, expect, it } from 'vitest';
import {
  createLazyResponse,
  responseHeaderOf,
  responseHeadOf,
} from './lazy-response';

function lazy(headers: Headers | Record<string, string> = { 'x-a': '1' }) {
  let made = 0;
  const response = createLazyResponse({
    status: 201,
    statusText: 'Created',
    headers,
    body: () => {
      made++;
      return new Response('hello body').body!;
    },
  });
  return { response, made: () => made };
}

describe('createLazyResponse', () => {
  it('should answer status, headers and the rest without making its body', () => {
    const { response, made } = lazy();
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.ok).toBe(true);
    expect(response.type).toBe('default');
    expect(response.url).toBe('');
    expect(response.redirected).toBe(false);
    expect(response.bodyUsed).toBe(false);
    expect(responseHeadOf(response)).toEqual({ 'x-a': '1' });
    expect(response.headers.get('x-a')).toBe('1');
    // Once `headers` exists it is the truth (it may be changed).
    expect(responseHeadOf(response)).toBeUndefined();
    expect(made()).toBe(0);
  });

  it('should make its body once, on first use, for every body member', async () => {
    const { response, made } = lazy();
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.body).toBe(response.body);
    expect(await response.text()).toBe('hello body');
    expect(response.bodyUsed).toBe(true);
    expect(made()).toBe(1);
    await expect(lazy().response.json()).rejects.toThrow(SyntaxError);
    const bytes = await lazy().response.arrayBuffer();
    expect(new TextDecoder().decode(bytes)).toBe('hello body');
    expect(await (await lazy().response.blob()).text()).toBe('hello body');
  });

  it('should clone with the headers changed after its body was made', async () => {
    const { response } = lazy();
    expect(response.body).toBeInstanceOf(ReadableStream);
    response.headers.set('x-b', '2');
    response.headers.delete('x-a');
    const copy = response.clone();
    expect(copy.headers.get('x-b')).toBe('2');
    expect(copy.headers.has('x-a')).toBe(false);
    expect(copy.status).toBe(201);
    expect(copy.statusText).toBe('Created');
    expect(await copy.text()).toBe('hello body');
    expect(await response.text()).toBe('hello body');
  });

  it('should clone with the same status, headers and body', async () => {
    const { response } = lazy();
    response.headers.set('x-b', '2');
    const copy = response.clone();
    expect(copy.status).toBe(201);
    expect(copy.headers.get('x-b')).toBe('2');
    expect(await copy.text()).toBe('hello body');
    expect(await response.text()).toBe('hello body');
  });

  it('should be readable by code that only knows Response (a re-wrap, Response.json)', async () => {
    const { response } = lazy(new Headers({ 'content-type': 'text/plain' }));
    const rewrapped = new Response(response.body, response);
    expect(rewrapped.status).toBe(201);
    expect(rewrapped.headers.get('content-type')).toBe('text/plain');
    expect(await rewrapped.text()).toBe('hello body');
  });

  it('should refuse at once what the Response constructor refuses', () => {
    const body = () => new ReadableStream<Uint8Array>();
    expect(() => createLazyResponse({ status: 99, headers: {}, body })).toThrow(
      RangeError,
    );
    expect(() =>
      createLazyResponse({ status: 200.5, headers: {}, body }),
    ).toThrow(RangeError);
    expect(() =>
      createLazyResponse({
        status: 200,
        statusText: 'bad\r\nline',
        headers: {},
        body,
      }),
    ).toThrow(TypeError);
    expect(() =>
      createLazyResponse({ status: 200, headers: { 'bad name': 'x' }, body }),
    ).toThrow(/Invalid header/);
    expect(() =>
      createLazyResponse({ status: 200, headers: { 'x-a': 'a\nb' }, body }),
    ).toThrow(/Invalid header/);
    expect(() =>
      createLazyResponse({ status: 200, headers: { 'x-a': ' padded' }, body }),
    ).toThrow(/Invalid header/);
    // What Headers accepts passes.
    expect(
      createLazyResponse({
        status: 200,
        headers: { 'x-a': 'a b\tc', 'x-empty': '' },
        body,
      }).headers.get('x-a'),
    ).toBe('a b\tc');
  });
  it("should read Node's raw headers without building Headers until asked", () => {
    const response = createLazyResponse({
      status: 200,
      headers: {
        raw: ['Content-Type', 'text/event-stream', 'X-A', '1', 'x-a', '2'],
      },
      body: () => new ReadableStream<Uint8Array>(),
    });
    // Not a record: the Node adapter must not write it as one.
    expect(responseHeadOf(response)).toBeUndefined();
    expect(responseHeaderOf(response, 'content-type')).toBe(
      'text/event-stream',
    );
    expect(responseHeaderOf(response, 'x-a')).toBe('1, 2');
    expect(responseHeaderOf(response, 'x-none')).toBeNull();
    expect(response.headers.get('x-a')).toBe('1, 2');
    response.headers.set('x-a', '3');
    expect(responseHeaderOf(response, 'x-a')).toBe('3');
    // Any other Response is read through its headers.
    expect(
      responseHeaderOf(new Response(null, { headers: { 'x-b': 'b' } }), 'x-b'),
    ).toBe('b');
  });
});
