import { type FileHandle, open } from 'node:fs/promises';

/** Opening a directory fails so where that cannot be done (Windows). */
const cannotOpen = new Set(['EISDIR', 'EPERM', 'EACCES']);
/** fsync of a directory fails so on file systems that do not support it. */
const cannotSync = new Set(['EINVAL', 'EBADF', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Makes a directory's entries durable (fsync of the directory itself): a
 * file created or renamed in it keeps its name after a power loss only once
 * this returns. Best effort where the system cannot do it: Windows cannot
 * open a directory, and some file systems (network, FUSE) refuse fsync on
 * one; those errors are ignored, as PostgreSQL's `fsync_fname` ignores
 * them. Any other error (`EIO`, `ENOSPC`) rejects: the entries may not be
 * on disk.
 *
 * @param path The directory.
 * @see https://github.com/postgres/postgres/blob/master/src/backend/storage/file/fd.c
 */
export async function syncDir(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (hasCode(error, cannotOpen)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!hasCode(error, cannotSync)) throw error;
  } finally {
    // A read-only descriptor: closing it cannot lose anything.
    await handle.close().catch(() => {});
  }
}

function hasCode(error: unknown, codes: Set<string>): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && code !== undefined && codes.has(code);
}
