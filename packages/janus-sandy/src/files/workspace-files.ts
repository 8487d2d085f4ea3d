import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { type FileListResponse, JanusError } from '@janus/protocol';
import { invalidRequest, payloadTooLarge } from '../core/sandy-errors';
import {
  openForRead,
  openWorkspaceDirectory,
  type WorkspaceRoot,
} from './open-in-workspace';
import { errnoCode, openDirectory, pinnedPath } from './pinned-directory';
import { walkPinnedDirectory } from './walk-pinned-directory';

/** Reads a whole file (refusing files above `maxBytes` with 413). */
export async function readWorkspaceFile(
  root: WorkspaceRoot,
  relative: string,
  options: { maxBytes: number },
): Promise<Uint8Array> {
  const handle = await openForRead(root, relative);
  try {
    const { size } = await handle.stat();
    if (size > options.maxBytes)
      throw payloadTooLarge(
        `'${relative}' is ${size} bytes; the read limit is ${options.maxBytes}`,
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file atomically: a fresh temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`)
 * in the parent directory, pinned by its descriptor, renamed over the target
 * in that same directory (a rename replaces a link, never follows it). An
 * existing link at the target is refused; missing directories are made.
 */
export async function writeWorkspaceFile(
  root: WorkspaceRoot,
  relative: string,
  content: Uint8Array,
): Promise<void> {
  const segments = relative.split('/').filter(Boolean);
  if (segments.length === 0)
    throw invalidRequest('path is a directory', 'path');
  const parent = await openWorkspaceDirectory(root, segments.slice(0, -1), {
    create: true,
    path: segments,
  });
  const target = pinnedPath(parent, segments.at(-1)!);
  const temporary = pinnedPath(
    parent,
    `.janus-write-${randomBytes(6).toString('hex')}`,
  );
  let created = false;
  try {
    // Clear answers for the common cases; the rename below is safe regardless.
    const existing = await lstat(target).catch(() => null);
    if (existing?.isSymbolicLink())
      throw invalidRequest(
        `'${relative}' is a symbolic link; refusing to write through it`,
        'path',
      );
    if (existing?.isDirectory())
      throw invalidRequest(`'${relative}' is a directory`, 'path');
    const handle = await open(
      temporary,
      constants.O_WRONLY |
        constants.O_CREAT |
        constants.O_EXCL |
        constants.O_NOFOLLOW,
      0o644,
    );
    created = true;
    try {
      await handle.writeFile(content);
      if (root.uid !== undefined) await handle.chown(root.uid, root.uid);
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    created = false;
  } catch (error) {
    if (created) await unlink(temporary).catch(() => {});
    throw describeWriteError(error, relative);
  } finally {
    await parent.close();
  }
}

/**
 * Lists a directory (recursively when asked) without following links.
 * `files` holds the non-directory paths, `entries` every entry with its type
 * and size; both are relative to the listed directory and sorted.
 */
export async function listWorkspace(
  root: WorkspaceRoot,
  relative: string,
  options: { recursive: boolean; maxEntries: number },
): Promise<FileListResponse> {
  const segments = relative.split('/').filter(Boolean);
  const directoryNotFound = () =>
    new JanusError({
      message: `Directory '${segments.join('/')}' not found`,
      code: 'not_found',
    });
  const directory = await openWorkspaceDirectory(root, segments, {
    create: false,
    path: segments,
  }).catch((error: unknown) => {
    if (JanusError.isInstance(error) && error.code === 'not_found')
      throw directoryNotFound();
    throw error;
  });
  const entries: NonNullable<FileListResponse['entries']> = [];
  let truncated = false;
  try {
    const found = await walkPinnedDirectory(directory, {
      recursive: options.recursive,
      visit: (path, stats) => {
        if (entries.length >= options.maxEntries) {
          truncated = true;
          return false;
        }
        const type = stats.isFile()
          ? 'file'
          : stats.isDirectory()
            ? 'directory'
            : stats.isSymbolicLink()
              ? 'symlink'
              : 'other';
        entries.push({
          path,
          type,
          size: type === 'directory' ? 0 : stats.size,
        });
        return true;
      },
    });
    // A directory removed while it was held lists as missing, not as a 500.
    if (!found) throw directoryNotFound();
  } finally {
    await directory.close();
  }
  return {
    files: entries
      .filter(entry => entry.type !== 'directory')
      .map(entry => entry.path),
    entries,
    ...(truncated ? { truncated: true } : {}),
  };
}

/** Bytes allocated below `directory` (for the quota check when no tmpfs enforces it). */
export async function directoryUsage(directory: string): Promise<number> {
  let total = 0;
  const handle = await openDirectory(directory).catch(() => null);
  if (handle === null) return 0;
  try {
    await walkPinnedDirectory(handle, {
      recursive: true,
      visit: (_path, stats) => {
        total += stats.blocks * 512;
        return true;
      },
    });
  } finally {
    await handle.close();
  }
  return total;
}

function describeWriteError(error: unknown, relative: string): unknown {
  switch (errnoCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return payloadTooLarge(
        `Writing '${relative}' exceeds the sandbox disk quota`,
      );
    // The target became a directory, or the directory was removed, meanwhile.
    case 'EISDIR':
      return invalidRequest(`'${relative}' is a directory`, 'path');
    case 'ENOENT':
      return new JanusError({
        message: `The directory of '${relative}' was removed during the write`,
        code: 'not_found',
      });
    default:
      return error;
  }
}
