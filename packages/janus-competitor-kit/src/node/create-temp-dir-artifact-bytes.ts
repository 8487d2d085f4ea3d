import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactBytes } from '../artifacts/artifact-store';

/**
 * Keeps artifact bytes in a private temp directory instead of memory (for
 * large files). File names are the store's `artf_` ids only, so no request
 * path ever reaches the file system.
 *
 * @param options.dir Directory to use (default: a new `mkdtemp` dir under the OS temp dir).
 * @returns The backend plus `dir` and `dispose()` (removes the directory).
 * @example
 * ```ts
 * const artifacts = createArtifactStore({ bytes: createTempDirArtifactBytes() });
 * ```
 */
export function createTempDirArtifactBytes(
  options: { dir?: string } = {},
): ArtifactBytes & { dir: string; dispose(): void } {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'janus-artifacts-'));
  const file = (id: string) => {
    if (!/^artf_[A-Za-z0-9_-]+$/.test(id))
      throw new TypeError(`Not an artifact id: ${id}`);
    return join(dir, id);
  };
  return {
    dir,
    write: (id, bytes) => writeFile(file(id), bytes, { mode: 0o600 }),
    read: async id => {
      const path = file(id);
      try {
        return new Uint8Array(await readFile(path));
      } catch {
        return undefined;
      }
    },
    delete: id => rm(file(id), { force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
