import {
  type Artifact,
  type FileListResponse,
  UpstreamError,
} from '@janus/protocol';
import type { ArtifactStore } from '../artifacts/artifact-store';
import type { Sandbox } from './with-sandbox';

/**
 * Copies the files of a sandbox directory (default `/workspace/artifacts`,
 * top level only) into the artifact store and returns their descriptors
 * (`artf_` id, sha256, MIME type, size, URL under `/artifacts/`). Emit them
 * with `stream.artifacts(items)`. A directory that does not exist (Sandy
 * answers 404) means no artifacts: the result is `[]`.
 *
 * @param options.sandbox From {@link withSandbox}.
 * @param options.store The competitor's store (`context.artifacts`).
 * @param options.dir Directory in the sandbox.
 * @param options.maxFiles At most this many files (default 50).
 * @param options.maxBytes Skip files larger than this (default 25 MiB).
 * @returns The stored artifacts, in name order.
 */
export async function collectArtifacts(options: {
  sandbox: Sandbox;
  store: ArtifactStore;
  dir?: string;
  maxFiles?: number;
  maxBytes?: number;
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
  const sizes = new Map(listing.entries?.map(entry => [entry.path, entry]));
  const names = listing.files
    .filter(name => !name.includes('/') && !name.startsWith('.'))
    .filter(name => {
      const entry = sizes.get(name);
      return !entry || (entry.type === 'file' && entry.size <= maxBytes);
    })
    .sort()
    .slice(0, options.maxFiles ?? 50);
  const artifacts: Artifact[] = [];
  for (const name of names) {
    const bytes = await sandbox.sandy.readFile({
      sandboxId: sandbox.id,
      path: `${dir}/${name}`,
      signal: sandbox.signal,
    });
    if (bytes.length > maxBytes) continue;
    artifacts.push(await store.put({ name, bytes }));
  }
  return artifacts;
}
