import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway/create-gateway';
import { createMemoryLogger } from '../observability/logger';
import { InMemoryArtifactIndex } from './artifact-index';

const SHA = 'ab'.repeat(32);
const ETAG = `"${SHA}"`;
const BYTES = new TextEncoder().encode('0123456789');

type Call = { url: string; headers: Headers; method: string };

/**
 * A gateway that knows one artifact, `artf_one`, served by a competitor
 * that honours `Range` (206) like the competitor kit, or ignores it.
 */
async function setup(options: { sha256?: string; honoursRange?: boolean }) {
  const calls: Call[] = [];
  const artifactIndex = new InMemoryArtifactIndex();
  await artifactIndex.put({
    id: 'artf_one',
    competitorId: 'alpha',
    upstreamUrl: 'http://alpha.test/artifacts/one',
    mimeType: 'text/plain',
    displayName: 'digits.txt',
    sizeBytes: BYTES.length,
    ...(options.sha256 ? { sha256: options.sha256 } : {}),
    expiresAt: Date.now() + 60_000,
  });
  const gateway = createGateway({
    competitors: [{ id: 'alpha', url: 'http://alpha.test' }],
    healthCheck: { intervalMs: 0 },
    logger: createMemoryLogger(),
    artifactIndex,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      const method = init?.method ?? 'GET';
      calls.push({ url: String(input), headers, method });
      const range = /^bytes=(\d+)-(\d+)$/.exec(headers.get('range') ?? '');
      const body = method === 'HEAD' ? null : BYTES;
      if (range && options.honoursRange) {
        const [start, end] = [Number(range[1]), Number(range[2])];
        return new Response(
          method === 'HEAD' ? null : BYTES.slice(start, end + 1),
          {
            status: 206,
            headers: {
              'content-range': `bytes ${start}-${end}/${BYTES.length}`,
              'content-length': String(end - start + 1),
            },
          },
        );
      }
      return new Response(body, {
        headers: { 'content-length': String(BYTES.length) },
      });
    },
  });
  const get = (headers: Record<string, string>, method = 'GET') =>
    gateway.fetch(
      new Request('http://gateway.test/v1/artifacts/artf_one', {
        method,
        headers,
      }),
    );
  return { gateway, calls, get };
}

describe('handleArtifactRequest: If-None-Match (RFC 9110 13.1.2)', () => {
  it.each([
    ['the exact tag', ETAG],
    ['a list holding it', `"other", ${ETAG}`],
    ['a list without spaces', `"other",${ETAG}`],
    ['its weak form', `W/${ETAG}`],
    ['a weak tag later in a list', `"x", W/${ETAG}`],
    ['*', '*'],
  ])('should answer 304 for %s, on GET and HEAD', async (_name, header) => {
    const { get, calls } = await setup({ sha256: SHA });
    for (const method of ['GET', 'HEAD']) {
      const response = await get({ 'if-none-match': header }, method);
      expect(response.status).toBe(304);
      expect(response.headers.get('etag')).toBe(ETAG);
      expect(response.headers.get('cache-control')).toMatch(/^private/);
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(response.body).toBeNull();
    }
    // Answered from the record: the competitor is not asked.
    expect(calls).toHaveLength(0);
  });

  it('should leave representation metadata off a 304 (RFC 9110 15.4.5)', async () => {
    const { get } = await setup({ sha256: SHA });
    const response = await get({ 'if-none-match': ETAG });
    expect(response.headers.get('content-type')).toBeNull();
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
  });

  it.each([
    ['another tag', '"other"'],
    ['a malformed value', SHA],
    ['a tag differing in case', `"${SHA.toUpperCase()}"`],
  ])('should answer 200 with the bytes for %s', async (_name, header) => {
    const { get } = await setup({ sha256: SHA });
    const response = await get({ 'if-none-match': header });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(ETAG);
    expect(await response.text()).toBe('0123456789');
  });

  it('should answer 200 to a tag when the artifact has no sha256', async () => {
    const { get } = await setup({});
    const response = await get({ 'if-none-match': ETAG });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
  });
});

describe('handleArtifactRequest: If-Range (RFC 9110 13.1.5)', () => {
  it.each([true, false])(
    'should answer 206 when If-Range matches (competitor honours Range: %s)',
    async honoursRange => {
      const { get } = await setup({ sha256: SHA, honoursRange });
      const response = await get({ range: 'bytes=2-4', 'if-range': ETAG });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe('bytes 2-4/10');
      expect(await response.text()).toBe('234');
    },
  );

  it.each([
    ['another tag', '"other"'],
    ['the weak form of the tag (strong comparison)', `W/${ETAG}`],
    [
      'an HTTP-date (the gateway sends no Last-Modified)',
      'Sun, 06 Nov 1994 08:49:37 GMT',
    ],
    ['a list', `${ETAG}, "other"`],
  ])(
    'should ignore Range and answer 200 with every byte for %s',
    async (_name, header) => {
      for (const honoursRange of [true, false]) {
        const { get, calls } = await setup({ sha256: SHA, honoursRange });
        const response = await get({ range: 'bytes=2-4', 'if-range': header });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-range')).toBeNull();
        expect(response.headers.get('content-length')).toBe('10');
        expect(await response.text()).toBe('0123456789');
        // Nor is Range (or If-Range) sent on to the competitor.
        expect(calls[0]?.headers.get('range')).toBeNull();
        expect(calls[0]?.headers.get('if-range')).toBeNull();
      }
    },
  );

  it('should ignore Range for any If-Range when the artifact has no tag', async () => {
    const { get } = await setup({ honoursRange: true });
    const response = await get({ range: 'bytes=2-4', 'if-range': ETAG });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('0123456789');
  });

  it('should give HEAD the same decision without a body', async () => {
    const { get } = await setup({ sha256: SHA, honoursRange: true });
    const full = await get(
      { range: 'bytes=2-4', 'if-range': '"other"' },
      'HEAD',
    );
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe('10');
    expect(full.body).toBeNull();
    const partial = await get({ range: 'bytes=2-4', 'if-range': ETAG }, 'HEAD');
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(partial.body).toBeNull();
  });

  it('should let If-None-Match win over Range and If-Range (RFC 9110 13.2.2)', async () => {
    const { get } = await setup({ sha256: SHA, honoursRange: true });
    const response = await get({
      'if-none-match': ETAG,
      range: 'bytes=2-4',
      'if-range': ETAG,
    });
    expect(response.status).toBe(304);
  });
});
