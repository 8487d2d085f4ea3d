import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { artifactSchema } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { createTempDirArtifactBytes } from '../node/create-temp-dir-artifact-bytes';
import { serveFetch } from '../node/serve-fetch';
import { createCompetitor } from '../server/create-competitor';
import { createArtifactStore } from './artifact-store';

const text = new TextEncoder().encode('0123456789');

function competitorWith(store = createArtifactStore()) {
  return createCompetitor({
    id: 'a',
    name: 'A',
    handle: () => {},
    logger: silentLogger,
    artifacts: store,
  });
}

const get = (
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) => new Request(`http://competitor.test${path}`, { method, headers });

describe('createArtifactStore', () => {
  it('should describe stored bytes with a valid descriptor and sha256', async () => {
    const store = createArtifactStore();
    const artifact = await store.put({
      name: 'artifacts/out.txt',
      bytes: text,
    });
    expect(artifactSchema.parse(artifact)).toEqual(artifact);
    expect(artifact).toMatchObject({
      type: 'file',
      mime_type: 'text/plain; charset=utf-8',
      display_name: 'out.txt',
      size_bytes: 10,
      ttl_seconds: 3600,
      url: `/artifacts/${artifact.id}`,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    expect((await store.put({ name: 'chart.png', bytes: text })).type).toBe(
      'image',
    );
  });

  it('should serve an artifact through the competitor with the right headers', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({
      name: 'résumé.txt',
      bytes: text,
    });
    const response = await app.fetch(get(artifact.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('0123456789');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '10',
      etag: `"${artifact.sha256}"`,
      'accept-ranges': 'bytes',
      'content-disposition': `attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`,
      'x-content-type-options': 'nosniff',
    });
    const head = await app.fetch(get(artifact.url, {}, 'HEAD'));
    expect(head.headers.get('content-length')).toBe('10');
    expect(await head.text()).toBe('');
    expect(
      (
        await app.fetch(
          get(artifact.url, { 'if-none-match': `"${artifact.sha256}"` }),
        )
      ).status,
    ).toBe(304);
    expect((await app.fetch(get(`/v1${artifact.url}`))).status).toBe(200);
    const wrongMethod = await app.fetch(
      new Request(`http://c${artifact.url}`, { method: 'DELETE' }),
    );
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
    const options = await app.fetch(
      new Request(`http://c${artifact.url}`, { method: 'OPTIONS' }),
    );
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD');
  });

  it('should answer If-None-Match with weak comparison (RFC 9110 13.1.2): weak tags, lists, *', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({ name: 'a.txt', bytes: text });
    const tag = `"${artifact.sha256}"`;
    const status = async (ifNoneMatch: string, method = 'GET') =>
      (
        await app.fetch(
          get(artifact.url, { 'if-none-match': ifNoneMatch }, method),
        )
      ).status;
    for (const matching of [
      tag,
      `W/${tag}`,
      `"other", ${tag}`,
      `"other",W/${tag}`,
      `  W/"x" ,  ${tag}  `,
      '*',
    ]) {
      expect(await status(matching), matching).toBe(304);
      expect(await status(matching, 'HEAD'), `HEAD ${matching}`).toBe(304);
    }
    for (const other of [
      '"other"',
      `W/"${artifact.sha256.slice(1)}"`,
      artifact.sha256,
      `"${artifact.sha256}x"`,
      '',
    ])
      expect(await status(other), other).toBe(200);
  });

  it('should honour Range only when If-Range names the current tag strongly (RFC 9110 13.1.5)', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({ name: 'a.txt', bytes: text });
    const tag = `"${artifact.sha256}"`;
    const status = async (ifRange: string) =>
      (
        await app.fetch(
          get(artifact.url, { range: 'bytes=0-3', 'if-range': ifRange }),
        )
      ).status;
    expect(await status(tag)).toBe(206);
    // Another version, a weak tag, or a date (no Last-Modified here): all of it.
    for (const other of [
      '"other"',
      `W/${tag}`,
      'Fri, 27 Nov 2026 10:00:00 GMT',
    ])
      expect(await status(other), other).toBe(200);
  });

  it.each([
    ['bytes=0-3', 206, '0123', 'bytes 0-3/10'],
    ['bytes=7-', 206, '789', 'bytes 7-9/10'],
    ['bytes=-2', 206, '89', 'bytes 8-9/10'],
    ['bytes=5-100', 206, '56789', 'bytes 5-9/10'],
    ['bytes=10-12', 416, '', 'bytes */10'],
    ['bytes=10-', 416, '', 'bytes */10'],
    ['bytes=-0', 416, '', 'bytes */10'],
    // Invalid ranges are ignored (RFC 9110 §14.2): the full body.
    ['bytes=5-2', 200, '0123456789', null],
    ['bytes=abc', 200, '0123456789', null],
    ['bytes=-', 200, '0123456789', null],
    ['items=0-1', 200, '0123456789', null],
    ['bytes=0-1,4-5', 200, '0123456789', null],
  ])(
    'should answer Range %s with %i',
    async (range, status, body, contentRange) => {
      const app = competitorWith();
      const artifact = await app.artifacts.put({
        name: 'digits.txt',
        bytes: text,
      });
      const response = await app.fetch(get(artifact.url, { range }));
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(body);
      expect(response.headers.get('content-range')).toBe(contentRange);
    },
  );

  it('should expire artifacts after their TTL', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = createArtifactStore({ ttlSeconds: 60, now: () => clock });
    const app = competitorWith(store);
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    expect(
      (await app.fetch(get(artifact.url))).headers.get('cache-control'),
    ).toBe('private, max-age=60');
    clock += 59_000;
    expect((await app.fetch(get(artifact.url))).status).toBe(200);
    clock += 1_000;
    const expired = await app.fetch(get(artifact.url));
    expect(expired.status).toBe(404);
    expect((await expired.json()).error.code).toBe('not_found');
    expect(await store.get(artifact.id)).toBeUndefined();
  });

  it.each([
    '/artifacts/artf_unknown',
    '/artifacts/',
    '/artifacts/..%2F..%2Fpackage.json',
    '/artifacts/%2e%2e',
    '/artifacts/artf_x%2F..%2F..%2Fetc%2Fpasswd',
  ])('should serve nothing outside the store for %s', async path => {
    const app = competitorWith();
    await app.artifacts.put({ name: 'a.txt', bytes: text });
    const response = await app.fetch(get(path));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('should refuse raw traversal paths on a real socket and keep bytes in a temp dir', async () => {
    const bytes = createTempDirArtifactBytes();
    try {
      const app = competitorWith(createArtifactStore({ bytes }));
      const artifact = await app.artifacts.put({ name: 'a.txt', bytes: text });
      expect(readdirSync(bytes.dir)).toEqual([artifact.id]);
      await using server = Object.assign(
        await serveFetch({ fetch: app.fetch }),
        {
          [Symbol.asyncDispose]: () => server.close(),
        },
      );
      const raw = (path: string) =>
        new Promise<number>((resolve, reject) => {
          const request = httpRequest(
            `${server.url}${path}`,
            { method: 'GET' },
            response => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          );
          // Node keeps the path as written: `..` reaches the server unnormalised.
          request.path = path;
          request.on('error', reject);
          request.end();
        });
      expect(await raw(`/artifacts/${artifact.id}`)).toBe(200);
      expect(
        await raw(`/artifacts/../artifacts/${artifact.id}/../../../etc/passwd`),
      ).toBe(404);
      expect(await raw(`/artifacts/${artifact.id}/..`)).toBe(404);
      await expect(bytes.read('../etc/passwd')).rejects.toThrow(TypeError);
    } finally {
      bytes.dispose();
    }
    expect(existsSync(bytes.dir)).toBe(false);
  });
});
