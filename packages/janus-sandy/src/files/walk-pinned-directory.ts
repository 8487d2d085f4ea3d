import type { Stats } from 'node:fs';
import { type FileHandle, lstat, readdir } from 'node:fs/promises';
import { errnoCode, openChildDirectory, pinnedPath } from './pinned-directory';

/** Directory levels a walk descends (it holds one descriptor per level). */
const maxWalkDepth = 128;

/**
 * Visits the entries below a pinned directory in name order, each `lstat`ed
 * through the pinned parent; descends (when `recursive`) by opening each
 * subdirectory through it with `O_NOFOLLOW`, so a directory the sandbox
 * swaps for a link is at most listed as what it was, never entered. `visit`
 * returns false to stop. Resolves to false when `directory` itself was
 * removed before it could be read.
 */
export async function walkPinnedDirectory(
  directory: FileHandle,
  options: {
    recursive: boolean;
    visit: (path: string, stats: Stats) => boolean;
  },
): Promise<boolean> {
  let found = true;
  const walk = async (
    current: FileHandle,
    prefix: string,
    depth: number,
  ): Promise<boolean> => {
    const names = await readPinned(current);
    if (names === null) {
      if (depth === 0) found = false;
      return true;
    }
    for (const name of names.sort()) {
      const stats = await lstat(pinnedPath(current, name)).catch(() => null);
      if (stats === null) continue;
      const path = prefix + name;
      if (!options.visit(path, stats)) return false;
      if (!stats.isDirectory() || !options.recursive || depth >= maxWalkDepth)
        continue;
      // Swapped for a link or removed since the lstat: not entered.
      const child = await openChildDirectory(current, name).catch(() => null);
      if (child === null) continue;
      try {
        if (!(await walk(child, `${path}/`, depth + 1))) return false;
      } finally {
        await child.close();
      }
    }
    return true;
  };
  await walk(directory, '', 0);
  return found;
}

/** The names in a pinned directory; null once it has been removed. */
async function readPinned(directory: FileHandle): Promise<string[] | null> {
  return readdir(pinnedPath(directory)).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  });
}
