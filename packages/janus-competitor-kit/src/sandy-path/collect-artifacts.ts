import {
  type Artifact,
  type FileListResponse,
  JanusError,
  UpstreamError,
} from '@janus/protocol';
import { ArtifactRefusedError } from '../artifacts/artifact-refused-error';
import type { ArtifactStore } from '../artifacts/artifact-store';
import type { Logger } from '../logger/logger';
import type { Sandbox } from './with-sandbox';

/**
 * Copies the files of a sandbox directory (default `/workspace/artifacts`,
 * top level only) into the artifact store and returns their descriptors
 * (`artf_` id, sha256, MIME type, size, URL under `/artifacts/`). Emit them
 * with `stream.artifacts(items)`. A directory that does not exist (Sandy
 * answers 404) means no artifacts: the result is `[]`. Each file streams
 * from Sandy into the store (a raw `files/read` body is never held whole;
 * with `createFileArtifactStore` it goes straight to disk). A file over
 * `maxBytes` (by the listing's size or as it arrives), one the store
 * refuses (an `ArtifactRefusedError`: the memory store is full, the file
 * store's disk is, a custom store's quota is reached) or one Sandy will
 * not read (400 a link out, 404 gone, 413 over its read
 * limit) is skipped with an `artifact skipped` warning to `logger`; files
 * beyond `maxFiles` with one `artifacts skipped` warning. Links and
 * directories in the listing's `entries` are left out.
 *
 * @param options.sandbox From {@link withSandbox}.
 * @param options.store The competitor's store (`context.artifacts`).
 * @param options.dir Directory in the sandbox.
 * @param options.maxFiles At most this many files (default 50).
 * @param options.maxBytes Skip files larger than this (default 25 MiB).
 * @param options.logger Told about skipped files (`context.logger`; default none).
 * @returns The stored artifacts, in name order.
 */
export async function collectArtifacts(options: {
  sandbox: Sandbox;
  store: ArtifactStore;
  dir?: string;
  maxFiles?: number;
  maxBytes?: number;
  logger?: Logger;
}): Promise<Artifact[]> {
  const { sandbox, store } = options;
  const dir = (options.dir ?? '/workspace/artifacts').replace(/\/+$/, '');
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  let listing: FileListResponse;
  try {
    listing = await sandbox.sandy.listFiles({
      sandboxId: sandbox.id,
      path: dir,
      signal: sandbox.signal,
    });
  } catch (error) {
    // Sandy answers 404 when the directory does not exist: the work wrote no files.
    if (UpstreamError.isInstance(error) && error.statusCode === 404) return [];
    throw error;
  }
  const maxFiles = options.maxFiles ?? 50;
  const sizes = new Map(listing.entries?.map(entry => [entry.path, entry]));
  const candidates = listing.files
    .filter(name => !name.includes('/') && !name.startsWith('.'))
    .filter(name => {
      const entry = sizes.get(name);
      // Links and directories are not followed (an `entries` extension).
      if (entry && entry.type !== 'file') return false;
      if (entry && entry.size > maxBytes) {
        // Known too large before any read: skipped, and said so.
        const path = `${dir}/${name}`;
        options.logger?.warn('artifact skipped', {
          path,
          reason: `collectArtifacts: ${path} is over maxBytes (${maxBytes}): ${entry.size} bytes`,
        });
        return false;
      }
      return true;
    })
    .sort();
  const names = candidates.slice(0, maxFiles);
  const extra = candidates.slice(maxFiles);
  if (extra.length > 0)
    options.logger?.warn('artifacts skipped', {
      dir,
      count: extra.length,
      names: extra.slice(0, 10),
      reason: `collectArtifacts: more files than maxFiles (${maxFiles})`,
    });
  const artifacts: Artifact[] = [];
  for (const name of names) {
    const path = `${dir}/${name}`;
    let body: ReadableStream<Uint8Array>;
    try {
      body = (
        await sandbox.sandy.readFileStream({
          sandboxId: sandbox.id,
          path,
          signal: sandbox.signal,
        })
      ).pipeThrough(limitBytes(maxBytes, path));
    } catch (error) {
      // This one file, not the sandbox: over Sandy's own read limit (413), a
      // link pointing out of /workspace (400), removed since the listing (404).
      if (!isFileRefusal(error)) throw error;
      options.logger?.warn('artifact skipped', { path, reason: error.message });
      continue;
    }
    try {
      // The listing's size may be missing or stale: counted as it arrives.
      artifacts.push(
        await store.put({ name, stream: body, signal: sandbox.signal }),
      );
    } catch (error) {
      // A store that failed before reading it all: let Sandy's answer go.
      body.cancel().catch(() => {});
      if (!isStoreRefusal(error)) throw error;
      options.logger?.warn('artifact skipped', { path, reason: error.message });
    }
  }
  return artifacts;
}

/**
 * A store's "no room" for this file, which the next file may still fit:
 * any `payload_too_large`, so an `ArtifactRefusedError` (the kit's stores, a
 * custom store's) and a bare one, how a custom store said it before that
 * class.
 */
function isStoreRefusal(error: unknown): error is JanusError {
  return JanusError.isInstance(error) && error.code === 'payload_too_large';
}

/** Sandy's answer about one file that the others do not share. */
function isFileRefusal(error: unknown): error is UpstreamError {
  return (
    UpstreamError.isInstance(error) &&
    (error.statusCode === 400 ||
      error.statusCode === 404 ||
      error.statusCode === 413)
  );
}

/**
 * Passes at most `maxBytes`, then fails the stream with an
 * `ArtifactRefusedError`: the store's `put` rejects with it, and the file is
 * skipped as one the store refused.
 */
function limitBytes(
  maxBytes: number,
  path: string,
): TransformStream<Uint8Array, Uint8Array> {
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.length;
      if (size > maxBytes)
        throw new ArtifactRefusedError({
          message: `collectArtifacts: ${path} is over maxBytes (${maxBytes})`,
        });
      controller.enqueue(chunk);
    },
  });
}
