import type { Artifact } from '@janus/protocol';
import { randomId } from '../internal/random-id';
import { mimeTypeFor } from './mime-type-for';
import { serveArtifact } from './serve-artifact';

/** Where an {@link ArtifactStore} keeps the bytes (memory here; a temp dir in `./node`). */
export interface ArtifactBytes {
  write(id: string, bytes: Uint8Array): Promise<void>;
  read(id: string): Promise<Uint8Array | undefined>;
  delete(id: string): Promise<void>;
}

/** Files a competitor produced, by id, served at `GET /artifacts/:id`. */
export interface ArtifactStore {
  /** Stores bytes and returns their descriptor (`artf_` id, sha256, MIME type, size, URL). */
  put(options: {
    name: string;
    bytes: Uint8Array;
    mimeType?: string;
    ttlSeconds?: number;
  }): Promise<Artifact>;
  /** The descriptor and bytes of a live artifact, or `undefined` (unknown or expired). */
  get(
    id: string,
  ): Promise<{ artifact: Artifact; bytes: Uint8Array } | undefined>;
  /** Answers `GET`/`HEAD /artifacts/:id` (Range, ETag, TTL); `undefined` for other paths. */
  handle(request: Request): Promise<Response | undefined>;
  /** Deletes expired artifacts now (also done lazily on access and on `put`). */
  sweep(): Promise<void>;
}

/** An in-memory {@link ArtifactBytes}. */
export function createMemoryArtifactBytes(): ArtifactBytes {
  const map = new Map<string, Uint8Array>();
  return {
    write: async (id, bytes) => {
      map.set(id, bytes);
    },
    read: async id => map.get(id),
    delete: async id => {
      map.delete(id);
    },
  };
}

/**
 * Creates an artifact store: an in-memory index with TTL expiry over a bytes
 * backend (memory by default). `createCompetitor` serves it at
 * `/artifacts/:id`; only ids it issued are ever served.
 *
 * @param options.ttlSeconds Default lifetime (default 3600).
 * @param options.baseUrl URL prefix in descriptors (default `/artifacts`, relative to the competitor).
 * @param options.bytes Bytes backend (default in memory).
 * @param options.now Clock in ms (tests).
 * @returns An {@link ArtifactStore}.
 */
export function createArtifactStore(
  options: {
    ttlSeconds?: number;
    baseUrl?: string;
    bytes?: ArtifactBytes;
    now?: () => number;
  } = {},
): ArtifactStore {
  const bytesBackend = options.bytes ?? createMemoryArtifactBytes();
  const now = options.now ?? Date.now;
  const baseUrl = (options.baseUrl ?? '/artifacts').replace(/\/+$/, '');
  const index = new Map<string, Artifact>();
  const expired = (artifact: Artifact) =>
    Date.parse(artifact.created_at) + artifact.ttl_seconds * 1000 <= now();
  const remove = async (id: string) => {
    index.delete(id);
    await bytesBackend.delete(id);
  };

  const store: ArtifactStore = {
    async put({ name, bytes, mimeType, ttlSeconds }) {
      await store.sweep();
      const id = `artf_${randomId(24)}`;
      const mime = mimeType ?? mimeTypeFor(name);
      const digest = await crypto.subtle.digest(
        'SHA-256',
        bytes as Uint8Array<ArrayBuffer>,
      );
      const artifact: Artifact = {
        id,
        type: mime.startsWith('image/') ? 'image' : 'file',
        mime_type: mime,
        display_name: name.split('/').pop() || name,
        size_bytes: bytes.length,
        sha256: [...new Uint8Array(digest)]
          .map(byte => byte.toString(16).padStart(2, '0'))
          .join(''),
        created_at: new Date(now()).toISOString(),
        ttl_seconds: ttlSeconds ?? options.ttlSeconds ?? 3600,
        url: `${baseUrl}/${id}`,
      };
      await bytesBackend.write(id, bytes);
      index.set(id, artifact);
      return artifact;
    },
    async get(id) {
      const artifact = index.get(id);
      if (!artifact) return undefined;
      if (expired(artifact)) {
        await remove(id);
        return undefined;
      }
      const bytes = await bytesBackend.read(id);
      return bytes && { artifact, bytes };
    },
    async handle(request) {
      const path = new URL(request.url).pathname;
      const match = /^\/(?:v1\/)?artifacts\/([^/]*)$/.exec(path);
      if (!match) return undefined;
      // Only ids this store issued resolve; anything else (`..`, encoded
      // slashes, other names) is simply not in the index.
      const found = /^artf_[A-Za-z0-9_-]+$/.test(match[1] ?? '')
        ? await store.get(match[1] ?? '')
        : undefined;
      return serveArtifact({ request, found, now: now() });
    },
    async sweep() {
      for (const [id, artifact] of index)
        if (expired(artifact)) await remove(id);
    },
  };
  return store;
}
