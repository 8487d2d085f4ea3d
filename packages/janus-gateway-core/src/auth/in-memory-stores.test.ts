import { describe, expect, it } from 'vitest';
import { InMemoryArtifactIndex } from '../artifacts/artifact-index';
import { constantTimeEqual, InMemoryApiKeyStore } from './api-key-store';
import { InMemoryRateLimitStore } from './rate-limit-store';

describe('InMemoryApiKeyStore', () => {
  it('should verify known keys to their ids and reject others', async () => {
    const store = new InMemoryApiKeyStore({
      keys: ['sk-a', { key: 'sk-b', keyId: 'team-b' }],
    });
    expect(await store.verify('sk-a')).toEqual({ keyId: 'key_a4a6d307' });
    expect(await store.verify('sk-b')).toEqual({ keyId: 'team-b' });
    expect(await store.verify('sk-c')).toBeUndefined();
    expect(await store.verify('')).toBeUndefined();
  });

  it('should give a plain key the same id wherever it is in the list (the start of its SHA-256)', async () => {
    const first = new InMemoryApiKeyStore({ keys: ['sk-a', 'sk-c'] });
    const reordered = new InMemoryApiKeyStore({ keys: ['sk-c', 'sk-a'] });
    expect(await first.verify('sk-a')).toEqual({ keyId: 'key_a4a6d307' });
    expect(await reordered.verify('sk-a')).toEqual({ keyId: 'key_a4a6d307' });
    expect(await first.verify('sk-c')).toEqual(await reordered.verify('sk-c'));
  });
});

describe('constantTimeEqual', () => {
  it('should compare bytes', () => {
    expect(
      constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])),
    ).toBe(true);
    expect(
      constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])),
    ).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(
      false,
    );
  });
});

describe('InMemoryRateLimitStore', () => {
  it('should allow a burst, then refill over time, per key', async () => {
    let now = 0;
    const store = new InMemoryRateLimitStore({
      capacity: 3,
      refillPerSecond: 2,
      _internal: { now: () => now },
    });
    for (let index = 0; index < 3; index++)
      expect((await store.consume({ key: 'a' })).allowed).toBe(true);
    const denied = await store.consume({ key: 'a' });
    expect(denied).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 500,
      limit: 3,
      resetAfterMs: 1_500,
    });
    expect((await store.consume({ key: 'b' })).allowed).toBe(true);
    now = 500;
    expect((await store.consume({ key: 'a' })).allowed).toBe(true);
    expect((await store.consume({ key: 'a' })).allowed).toBe(false);
  });

  it('should say its limit and how long until the bucket is full again', async () => {
    let now = 0;
    const store = new InMemoryRateLimitStore({
      capacity: 60,
      refillPerSecond: 1,
      _internal: { now: () => now },
    });
    expect(await store.consume({ key: 'a' })).toEqual({
      allowed: true,
      remaining: 59,
      retryAfterMs: 0,
      limit: 60,
      resetAfterMs: 1_000,
    });
    now = 250;
    expect(await store.consume({ key: 'a' })).toMatchObject({
      remaining: 58,
      resetAfterMs: 1_750,
    });
    // Never refilled: full again never.
    const fixed = new InMemoryRateLimitStore({
      capacity: 1,
      refillPerSecond: 0,
      _internal: { now: () => now },
    });
    expect(await fixed.consume({ key: 'a' })).toMatchObject({
      limit: 1,
      remaining: 0,
      resetAfterMs: Number.POSITIVE_INFINITY,
    });
  });
});

describe('InMemoryArtifactIndex', () => {
  it('should expire records and cap the number kept', async () => {
    let now = 0;
    const index = new InMemoryArtifactIndex({
      maxEntries: 2,
      _internal: { now: () => now },
    });
    const record = (id: string, expiresAt: number) => ({
      id,
      competitorId: 'c',
      upstreamUrl: 'http://c/a',
      mimeType: 'text/plain',
      displayName: 'a',
      expiresAt,
    });
    await index.put(record('artf_1', 100));
    await index.put(record('artf_2', 1_000));
    await index.put(record('artf_3', 1_000));
    expect(await index.get('artf_1')).toBeUndefined();
    expect((await index.get('artf_2'))?.id).toBe('artf_2');
    now = 1_000;
    expect(await index.get('artf_3')).toBeUndefined();
    expect(index.size).toBe(1);
  });
});
