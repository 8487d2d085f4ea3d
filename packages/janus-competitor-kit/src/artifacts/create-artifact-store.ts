import type { Artifact } from '@janus/protocol';
import {
  checkArtifactRange,
  describeArtifact,
  expiresAt,
  isArtifactId,
  newArtifactId,
  toHex,
} from '../internal/artifact-descriptor';
import {
  checkPutOptions,
  checkStoreOptions,
} from '../internal/check-artifact-options';
import { checkNumberOption } from '../internal/check-number-option';
import { readContent } from '../internal/read-content';
import { ArtifactRefusedError } from './artifact-refused-error';
import type { ArtifactStore } from './artifact-store';

/** Default of `maxBytes`: what the memory store holds at most, all artifacts together. */
export const DEFAULT_MEMORY_ARTIFACT_BYTES = 256 * 1024 * 1024;

/**
 * Creates the in-memory artifact store, every competitor's default: bytes
 * and descriptors in a `Map`, expired on access and on `put`. It is bounded:
 * a `put` that would take the bytes held above `maxBytes` (after sweeping
 * expired ones) rejects with an `ArtifactRefusedError` (`payload_too_large`)
 * and keeps nothing, so a
 * burst of large agent outputs cannot exhaust the heap. For large files or
 * many of them use `createFileArtifactStore` (`./node`), which streams.
 *
 * @param options.ttlSeconds Default lifetime, whole seconds (default 3600).
 * @param options.baseUrl URL prefix in descriptors (default `/artifacts`, relative to the competitor).
 * @param options.maxBytes Bytes held at most, all artifacts together (default 256 MiB).
 * @param options.now Clock in ms (tests).
 * @returns An {@link ArtifactStore}. A bad option throws a `JanusError`
 *   (`invalid_request`) naming it.
 * @example
 * ```ts
 * const artifacts = createArtifactStore({ ttlSeconds: 600, maxBytes: 64 * 1024 * 1024 });
 * const competitor = createCompetitor({ id, name, handle, artifacts });
 * ```
 */
export function createArtifactStore(
  options: {
    ttlSeconds?: number;
    baseUrl?: string;
    maxBytes?: number;
    now?: () => number;
  } = {},
): ArtifactStore {
  const owner = 'createArtifactStore';
  const { ttlSeconds, baseUrl } = checkStoreOptions({
    owner,
    ttlSeconds: options.ttlSeconds,
    baseUrl: options.baseUrl,
  });
  const maxBytes = checkNumberOption({
    owner,
    name: 'maxBytes',
    value: options.maxBytes,
    fallback: DEFAULT_MEMORY_ARTIFACT_BYTES,
    min: 1,
    integer: true,
  });
  const now = options.now ?? Date.now;
  const entries = new Map<string, { artifact: Artifact; bytes: Uint8Array }>();
  // Bytes of stored artifacts, and of puts still reading: concurrent puts
  // share the budget as their chunks arrive, not when they finish.
  let held = 0;
  let reading = 0;

  const live = (id: string) => {
    const entry = isArtifactId(id) ? entries.get(id) : undefined;
    if (entry && expiresAt(entry.artifact) <= now()) {
      remove(id);
      return undefined;
    }
    return entry;
  };
  const remove = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    held -= entry.bytes.length;
  };

  const store: ArtifactStore = {
    async put(put) {
      const { name, ttlSeconds: ttl } = checkPutOptions(put, ttlSeconds);
      await store.sweep();
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const chunk of readContent(put)) {
          size += chunk.length;
          reading += chunk.length;
          if (held + reading > maxBytes) {
            // Other puts' bytes count as they arrive: name them, else "0
            // bytes held" next to a refusal reads as a bug.
            const others = reading - size;
            throw new ArtifactRefusedError({
              message: `${owner}: ${name} does not fit: ${held} bytes held, ${others > 0 ? `${others} arriving for other puts, ` : ''}${size} for this one; maxBytes is ${maxBytes}`,
            });
          }
          // A copy: the caller may reuse or change its buffer after this.
          chunks.push(chunk.slice());
        }
      } catch (error) {
        reading -= size;
        throw error;
      }
      // From reading to held in one step: no other put sees the room free.
      reading -= size;
      held += size;
      const bytes = concat(chunks, size);
      let digest: ArrayBuffer;
      try {
        digest = await crypto.subtle.digest(
          'SHA-256',
          bytes as Uint8Array<ArrayBuffer>,
        );
      } catch (error) {
        held -= size;
        throw error;
      }
      const id = newArtifactId();
      const artifact = describeArtifact({
        id,
        name,
        mimeType: put.mimeType,
        size,
        sha256: toHex(new Uint8Array(digest)),
        createdAt: now(),
        ttlSeconds: ttl,
        baseUrl,
      });
      entries.set(id, { artifact, bytes });
      return artifact;
    },
    async stat(id) {
      return live(id)?.artifact;
    },
    async get(id, getOptions = {}) {
      const entry = live(id);
      if (!entry) return undefined;
      const { start, end } = checkArtifactRange(
        getOptions.range,
        entry.bytes.length,
      );
      const piece = entry.bytes.subarray(start, end + 1);
      return {
        artifact: entry.artifact,
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            if (piece.length > 0) controller.enqueue(piece);
            controller.close();
          },
        }),
      };
    },
    async delete(id) {
      remove(id);
    },
    async sweep() {
      const time = now();
      for (const [id, entry] of entries)
        if (expiresAt(entry.artifact) <= time) remove(id);
    },
  };
  return store;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
