import type { Artifact } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import type { ArtifactStore } from './artifact-store';
import { createArtifactStore } from './create-artifact-store';
import { handleArtifactRequest } from './handle-artifact-request';

const request = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://competitor.test${path}`, { headers });

describe('handleArtifactRequest', () => {
  it('should leave other paths to the caller', async () => {
    const store = createArtifactStore();
    for (const path of [
      '/health',
      '/artifacts',
      '/v2/artifacts/artf_a',
      '/x/artifacts/artf_a',
    ])
      expect(
        await handleArtifactRequest({ request: request(path), store }),
      ).toBeUndefined();
  });

  it('should bound the cache lifetime by the TTL left', async () => {
    const created = Date.parse('2026-01-01T00:00:00Z');
    const store = createArtifactStore({ ttlSeconds: 60, now: () => created });
    const artifact = await store.put({
      name: 'a.txt',
      bytes: new Uint8Array(3),
    });
    const cacheControl = async (now: number) =>
      (
        await handleArtifactRequest({
          request: request(artifact.url),
          store,
          now: () => now,
        })
      )?.headers.get('cache-control');
    expect(await cacheControl(created)).toBe('private, max-age=60');
    expect(await cacheControl(created + 59_500)).toBe('private, max-age=0');
  });

  it('should serve any store: headers from stat, and only the range asked for from get', async () => {
    const artifact: Artifact = {
      id: 'artf_custom',
      type: 'file',
      mime_type: 'text/plain',
      display_name: 'big.txt',
      size_bytes: 1_000_000_000,
      sha256: 'a'.repeat(64),
      created_at: new Date().toISOString(),
      ttl_seconds: 60,
      url: '/artifacts/artf_custom',
    };
    const gets: unknown[] = [];
    const store: ArtifactStore = {
      put: async () => artifact,
      stat: async id => (id === artifact.id ? artifact : undefined),
      async get(id, options) {
        gets.push(options?.range);
        const body = new Blob(['0123']).stream();
        return id === artifact.id ? { artifact, body } : undefined;
      },
      delete: async () => {},
      sweep: async () => {},
    };
    const head = await handleArtifactRequest({
      request: new Request(`http://c${artifact.url}`, { method: 'HEAD' }),
      store,
    });
    expect(head?.headers.get('content-length')).toBe('1000000000');
    expect(gets).toEqual([]);
    const response = await handleArtifactRequest({
      request: request(artifact.url, { range: 'bytes=999999996-' }),
      store,
    });
    expect(response?.status).toBe(206);
    expect(response?.headers.get('content-range')).toBe(
      'bytes 999999996-999999999/1000000000',
    );
    expect(await response?.text()).toBe('0123');
    expect(gets).toEqual([{ start: 999_999_996, end: 999_999_999 }]);
  });

  it('should answer 404 when the artifact goes between stat and get', async () => {
    const store = createArtifactStore();
    const artifact = await store.put({
      name: 'a.txt',
      bytes: new Uint8Array(3),
    });
    const racing: ArtifactStore = { ...store, get: async () => undefined };
    const response = await handleArtifactRequest({
      request: request(artifact.url),
      store: racing,
    });
    expect(response?.status).toBe(404);
  });

  it('should cancel the body of a client gone while get ran (a file store holds its file open)', async () => {
    const store = createArtifactStore();
    const artifact = await store.put({
      name: 'a.txt',
      bytes: new Uint8Array(3),
    });
    const controller = new AbortController();
    let cancelled = false;
    const tracked: ArtifactStore = {
      ...store,
      get: async () => {
        controller.abort();
        return {
          artifact,
          body: new ReadableStream<Uint8Array>({
            cancel() {
              cancelled = true;
            },
          }),
        };
      },
    };
    const response = await handleArtifactRequest({
      request: new Request(`http://c${artifact.url}`, {
        signal: controller.signal,
      }),
      store: tracked,
    });
    expect(response?.status).toBe(499);
    expect(cancelled).toBe(true);
  });

  it('should cancel a body no server took yet when the client goes, and leave one being read alone', async () => {
    const store = createArtifactStore();
    const artifact = await store.put({
      name: 'a.txt',
      bytes: new Uint8Array([1, 2, 3]),
    });
    for (const taken of [false, true]) {
      const controller = new AbortController();
      const response = await handleArtifactRequest({
        request: new Request(`http://c${artifact.url}`, {
          signal: controller.signal,
        }),
        store,
      });
      expect(response?.status).toBe(200);
      const reader = taken ? response?.body?.getReader() : undefined;
      controller.abort();
      if (reader) {
        // The server reading it decides; the bytes are still there.
        expect((await reader.read()).value).toEqual(new Uint8Array([1, 2, 3]));
      } else {
        // Cancelled: its bytes are gone with it.
        expect((await response?.body?.getReader().read())?.done).toBe(true);
      }
    }
  });
});
