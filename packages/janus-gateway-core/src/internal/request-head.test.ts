import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLazyRequest } from '../node/lazy-request';
import {
  headerOf,
  headersFromRaw,
  pathnameOf,
  simplePathname,
} from './request-head';

function nodeRequest(rawHeaders: string[], target = '/v1/x') {
  return createLazyRequest({
    head: { rawHeaders, target },
    method: 'GET',
    clientGone: () => () => {},
    body: undefined,
  });
}

const headerName = fc.constantFrom(
  'X-Request-Id',
  'x-request-id',
  'X-REQUEST-ID',
  'Authorization',
  'Content-Length',
  'X-Other',
  'Range',
);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

describe('headerOf', () => {
  it('should read raw headers as Headers.get does (any case, repeats joined)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
        headerName,
        (pairs, name) => {
          const raw = pairs.flat();
          const lower = name.toLowerCase();
          expect(headerOf(nodeRequest(raw), lower)).toBe(
            headersFromRaw(raw).get(lower),
          );
        },
      ),
    );
  });

  it('should read a plain Request through its Headers', () => {
    const request = new Request('http://gateway.test/', {
      headers: { 'X-Request-Id': 'abc' },
    });
    expect(headerOf(request, 'x-request-id')).toBe('abc');
    expect(headerOf(request, 'authorization')).toBeNull();
  });

  it('should see changes made to the headers once they are built', () => {
    const request = nodeRequest(['Host', 'gateway.test', 'X-A', '1']);
    expect(headerOf(request, 'x-a')).toBe('1');
    request.headers.set('x-a', '2');
    request.headers.append('x-b', '3');
    expect(headerOf(request, 'x-a')).toBe('2');
    expect(headerOf(request, 'x-b')).toBe('3');
  });
});

describe('pathnameOf', () => {
  it.each([
    ['/v1/chat/completions', '/v1/chat/completions'],
    ['/v1/chat/completions?stream=1', '/v1/chat/completions'],
    ['/v1//chat', '/v1//chat'],
    ['/v1/artifacts/art_1-x', '/v1/artifacts/art_1-x'],
  ])('should take %s as it is', (target, pathname) => {
    expect(simplePathname(target)).toBe(pathname);
    expect(pathnameOf(nodeRequest(['Host', 'h'], target))).toBe(pathname);
  });

  it.each([
    ['/v1/../v1/models', '/v1/models'],
    ['/v1/%2e%2e/health', '/health'],
    ['/v1\\models', '/v1/models'],
    ['/v1/m odels', '/v1/m%20odels'],
    ['/a#b?c', '/a'],
    ['http://other.test/v1/models', '/v1/models'],
  ])('should parse %s like the URL parser', (target, pathname) => {
    expect(simplePathname(target)).toBeUndefined();
    expect(pathnameOf(nodeRequest(['Host', 'h'], target))).toBe(pathname);
  });

  it('should never disagree with the URL parser', () => {
    const target = fc
      .array(
        fc.constantFrom(
          ...'/abz09_-~.%\\?#:@!$&\'()*+,;= "<>`{}|^[]é\t'.split(''),
          '/',
          '/',
          'v1',
          '..',
          '%2e',
        ),
        { maxLength: 12 },
      )
      .map(parts => `/${parts.join('')}`);
    fc.assert(
      fc.property(target, target => {
        const fast = simplePathname(target);
        if (fast !== undefined)
          expect(fast).toBe(new URL(target, 'http://h.test').pathname);
      }),
    );
  });

  it('should read the path of a plain Request from its url', () => {
    expect(pathnameOf(new Request('http://gateway.test/v1/models?x=1#y'))).toBe(
      '/v1/models',
    );
    expect(pathnameOf(new Request('http://gateway.test'))).toBe('/');
  });
});
