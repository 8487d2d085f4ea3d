import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactSchema, JanusError } from '@janus/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { createFileArtifactStore } from '../node/create-file-artifact-store';
import { serveFetch } from '../node/serve-fetch';
import { createCompetitor } from '../server/create-competitor';
import type { ArtifactStore } from './artifact-store';
import { createArtifactStore } from './create-artifact-store';

// The contract every store meets, and what the competitor serves from it:
// the same suite runs against the memory store and the file store.

const text = new TextEncoder().encode('0123456789');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type StoreOptions = { ttlSeconds?: number; now?: () => number };
const stores: Array<[string, (options?: StoreOptions) => ArtifactStore]> = [
  ['createArtifactStore', options => createArtifactStore(options)],
  [
    'createFileArtifactStore',
    options => {
      const dir = mkdtempSync(join(tmpdir(), 'janus-artifact-contract-'));
      dirs.push(dir);
      return createFileArtifactStore({ dir, sweepIntervalMs: 0, ...options });
    },
  ],
];

const get = (
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) => new Request(`http://competitor.test${path}`, { method, headers });

const readAll = async (body: ReadableStream<Uint8Array>) =>
  new TextDecoder().decode(await new Response(body).arrayBuffer());

describe.each(stores)('%s', (_name, createStore) => {
  const competitorWith = (store = createStore()) =>
    createCompetitor({
      id: 'a',
      name: 'A',
      handle: () => {},
      logger: silentLogger,
      artifacts: store,
    });

  it('should describe stored bytes with a valid descriptor and sha256', async () => {
    const store = createStore();
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
    expect(await store.stat(artifact.id)).toEqual(artifact);
    expect((await store.put({ name: 'chart.png', bytes: text })).type).toBe(
      'image',
    );
  });

  it('should take content as a web stream or an async iterable, and hash what it stored', async () => {
    const store = createStore();
    const parts = ['01234', '', '56789'].map(part =>
      new TextEncoder().encode(part),
    );
    const fromStream = await store.put({
      name: 'a.txt',
      stream: new Blob(parts).stream(),
    });
    const fromIterable = await store.put({
      name: 'b.txt',
      stream: (async function* () {
        yield* parts;
      })(),
    });
    const fromBytes = await store.put({ name: 'c.txt', bytes: text });
    for (const artifact of [fromStream, fromIterable]) {
      expect(artifact.sha256).toBe(fromBytes.sha256);
      expect(artifact.size_bytes).toBe(10);
      const found = await store.get(artifact.id);
      expect(found && (await readAll(found.body))).toBe('0123456789');
    }
  });

  it('should keep what was put, not the caller’s buffer changed afterwards', async () => {
    const store = createStore();
    const bytes = new TextEncoder().encode('before');
    const artifact = await store.put({ name: 'a.txt', bytes });
    bytes.set(new TextEncoder().encode('AFTER!'));
    const found = await store.get(artifact.id);
    expect(found && (await readAll(found.body))).toBe('before');
  });

  it('should read byte ranges, and refuse ranges outside the bytes', async () => {
    const store = createStore();
    const artifact = await store.put({ name: 'd.txt', bytes: text });
    const piece = async (start: number, end: number) => {
      const found = await store.get(artifact.id, { range: { start, end } });
      return found && (await readAll(found.body));
    };
    expect(await piece(0, 0)).toBe('0');
    expect(await piece(3, 6)).toBe('3456');
    expect(await piece(9, 9)).toBe('9');
    for (const [start, end] of [
      [5, 10],
      [-1, 2],
      [4, 3],
      [1.5, 3],
    ] as const)
      await expect(piece(start, end)).rejects.toThrow(RangeError);
  });

  it('should store an empty file', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({
      name: 'empty.txt',
      bytes: new Uint8Array(0),
    });
    expect(artifact.size_bytes).toBe(0);
    const response = await app.fetch(get(artifact.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('0');
    expect(await response.text()).toBe('');
    expect(
      (await app.fetch(get(artifact.url, { range: 'bytes=0-' }))).status,
    ).toBe(416);
  });

  it('should refuse a bad name or TTL before reading anything', async () => {
    const store = createStore();
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      // Pulled only when read: `pulled` says whether the put read.
      { highWaterMark: 0 },
    );
    for (const [options, message] of [
      [{ name: '' }, /^put: name must be a non-empty string \(got ""\)$/],
      [
        { name: 'a', ttlSeconds: 1.5 },
        /^put: ttlSeconds must be a whole number from 1/,
      ],
      [{ name: 'a', ttlSeconds: 0 }, /ttlSeconds must be a whole number/],
    ] as const) {
      const put = store.put({ ...options, stream });
      await expect(put).rejects.toThrow(message);
      await expect(put).rejects.toSatisfy(
        error =>
          JanusError.isInstance(error) && error.code === 'invalid_request',
      );
    }
    expect(pulled).toBe(false);
    await expect(
      store.put({ name: 'a' } as Parameters<ArtifactStore['put']>[0]),
    ).rejects.toThrow(TypeError);
  });

  it('should stop reading and store nothing when the put is aborted', async () => {
    const store = createStore();
    const controller = new AbortController();
    let cancelled: unknown;
    const stream = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(text);
        // Then nothing more: a stalled source.
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const put = store.put({ name: 'a.txt', stream, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client gone')), 20);
    await expect(put).rejects.toThrow('client gone');
    expect(cancelled).toEqual(new Error('client gone'));
    await store.sweep();
    // Nothing else was stored: a new put is the only artifact there.
    const artifact = await store.put({ name: 'b.txt', bytes: text });
    expect(await store.stat(artifact.id)).toBeDefined();
  });

  it('should delete an artifact at once', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({ name: 'a.txt', bytes: text });
    await app.artifacts.delete(artifact.id);
    await app.artifacts.delete(artifact.id);
    expect(await app.artifacts.stat(artifact.id)).toBeUndefined();
    expect(await app.artifacts.get(artifact.id)).toBeUndefined();
    expect((await app.fetch(get(artifact.url))).status).toBe(404);
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
      for (const method of ['GET', 'HEAD']) {
        const response = await app.fetch(get(artifact.url, { range }, method));
        expect(response.status).toBe(status);
        expect(await response.text()).toBe(method === 'GET' ? body : '');
        expect(response.headers.get('content-range')).toBe(contentRange);
        if (status !== 416)
          expect(response.headers.get('content-length')).toBe(
            String(body.length),
          );
      }
    },
  );

  it('should expire artifacts after their TTL', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = createStore({ ttlSeconds: 60, now: () => clock });
    const app = competitorWith(store);
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    const short = await store.put({
      name: 'b.txt',
      bytes: text,
      ttlSeconds: 1,
    });
    expect(artifact.ttl_seconds).toBe(60);
    clock += 1_000;
    expect(await store.stat(short.id)).toBeUndefined();
    clock += 58_000;
    expect((await app.fetch(get(artifact.url))).status).toBe(200);
    clock += 1_000;
    const expired = await app.fetch(get(artifact.url));
    expect(expired.status).toBe(404);
    expect((await expired.json()).error.code).toBe('not_found');
    expect(await store.stat(artifact.id)).toBeUndefined();
    expect(await store.get(artifact.id)).toBeUndefined();
  });

  it.each([
    '/artifacts/artf_unknown',
    '/artifacts/',
    '/artifacts/..%2F..%2Fpackage.json',
    '/artifacts/%2e%2e',
    '/artifacts/artf_x%2F..%2F..%2Fetc%2Fpasswd',
    `/artifacts/artf_${'a'.repeat(300)}`,
  ])('should serve nothing outside the store for %s', async path => {
    const app = competitorWith();
    await app.artifacts.put({ name: 'a.txt', bytes: text });
    const response = await app.fetch(get(path));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('should refuse raw traversal paths on a real socket', async () => {
    const app = competitorWith();
    const artifact = await app.artifacts.put({ name: 'a.txt', bytes: text });
    await using server = Object.assign(await serveFetch({ fetch: app.fetch }), {
      [Symbol.asyncDispose]: () => server.close(),
    });
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
    for (const id of ['../etc/passwd', `${artifact.id}/..`, '/etc/passwd'])
      expect(await app.artifacts.stat(id)).toBeUndefined();
  });
});
