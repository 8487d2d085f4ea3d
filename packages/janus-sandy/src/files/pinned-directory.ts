import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * Directory descriptors as the anchor of every host-side path operation
 * below a workspace (Node has no `openat`/`mkdirat`).
 *
 * `/proc/self/fd/<fd>` is a magic link to the directory the descriptor was
 * opened on, whatever happened to its name since, so
 * `/proc/self/fd/<fd>/<name>` names `<name>` in that very directory: the
 * kernel resolves no other component of a path string the sandbox could have
 * swapped for a symbolic link after it was checked. Directories are opened
 * with `O_DIRECTORY | O_NOFOLLOW`, so a name that has become a link (or a
 * file) fails with `ENOTDIR`/`ELOOP` instead of being followed.
 * (`/proc/self` is the process, not the thread: libuv's pool threads share
 * the descriptor table.)
 */
const directoryFlags =
  constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** `/proc/self/fd/<fd>` (the directory itself) or `/proc/self/fd/<fd>/<name>`. */
export function pinnedPath(directory: FileHandle, name?: string): string {
  return name === undefined
    ? `/proc/self/fd/${directory.fd}`
    : `/proc/self/fd/${directory.fd}/${name}`;
}

/**
 * Opens `path` as a directory without following a final symbolic link.
 * Rejects with `ENOTDIR` (a link or a file) or `ENOENT`.
 */
export function openDirectory(path: string): Promise<FileHandle> {
  return open(path, directoryFlags);
}

/** Opens the directory `name` inside the pinned `parent` (see {@link openDirectory}). */
export function openChildDirectory(
  parent: FileHandle,
  name: string,
): Promise<FileHandle> {
  return openDirectory(pinnedPath(parent, name));
}

/** The `errno` code of a file-system error (`ENOENT`, …), if any. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
