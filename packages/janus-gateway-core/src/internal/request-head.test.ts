import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLazyRequest } from '../node/lazy-request';
import {
  headerOf,
  headersFromRaw,
  pathnameOf,
  pathOfTarget,
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
    // Never normalised: these must not become another route.
    ['//x/metrics', '//x/metrics'],
    ['/x\\..\\metrics', '/x\\..\\metrics'],
    ['/v1/%2e%2e/metrics', '/v1/%2e%2e/metrics'],
    ['/v1/../v1/models', '/v1/../v1/models'],
    ['//evil.example/health?x', '//evil.example/health'],
    ['/a#b?c', '/a#b'],
    // Absolute form (RFC 9112 3.2.2): the path after the authority, as sent.
    ['http://other.test/v1/models?x=1', '/v1/models'],
    ['http://other.test//v1/models', '//v1/models'],
    ['http://other.test', '/'],
    ['*', '*'],
  ])('should take the path of %s as sent', (target, pathname) => {
    expect(pathOfTarget(target)).toBe(pathname);
    expect(pathnameOf(nodeRequest(['Host', 'h'], target))).toBe(pathname);
  });

  it('should keep the target as sent once headers and url are built', () => {
    const request = nodeRequest(['Host', 'h'], '/v1/%2e%2e/metrics');
    void request.headers;
    expect(request.url).toBe('http://h/metrics');
    expect(pathnameOf(request)).toBe('/v1/%2e%2e/metrics');
  });

  it('should never let a target name another host in request.url', () => {
    expect(nodeRequest(['Host', 'h'], '//evil.example/health').url).toBe(
      'http://h//evil.example/health',
    );
    expect(nodeRequest(['Host', 'h'], '/\\evil.example/health').url).toBe(
      'http://h//evil.example/health',
    );
  });

  it('should read the path of a plain Request from its url', () => {
    expect(pathnameOf(new Request('http://gateway.test/v1/models?x=1#y'))).toBe(
      '/v1/models',
    );
    expect(pathnameOf(new Request('http://gateway.test'))).toBe('/');
    expect(pathnameOf(new Request('http://gateway.test//x/metrics'))).toBe(
      '//x/metrics',
    );
  });
});
