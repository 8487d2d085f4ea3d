import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileListResponse, JanusError } from '@janus/protocol';
import { invalidRequest, payloadTooLarge } from '../core/sandy-errors';
import {
  openForRead,
  resolveParent,
  verifyDescriptor,
  type WorkspaceRoot,
} from './open-in-workspace';

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
 * Writes a file atomically: a fresh temporary file (`O_EXCL|O_NOFOLLOW`) in
 * the verified parent directory, renamed over the target. An existing link at
 * the target is refused rather than followed; missing directories are made.
 */
export async function writeWorkspaceFile(
  root: WorkspaceRoot,
  relative: string,
  content: Uint8Array,
): Promise<void> {
  const segments = relative.split('/').filter(Boolean);
  if (segments.length === 0)
    throw invalidRequest('path is a directory', 'path');
  const parent = await resolveParent(root, segments, { create: true });
  const target = join(parent, segments.at(-1)!);
  const existing = await lstat(target).catch(() => null);
  if (existing?.isSymbolicLink())
    throw invalidRequest(
      `'${relative}' is a symbolic link; refusing to write through it`,
      'path',
    );
  if (existing?.isDirectory())
    throw invalidRequest(`'${relative}' is a directory`, 'path');
  const temporary = join(
    parent,
    `.janus-write-${randomBytes(6).toString('hex')}`,
  );
  const handle = await open(
    temporary,
    constants.O_WRONLY |
      constants.O_CREAT |
      constants.O_EXCL |
      constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await verifyDescriptor(root, handle, relative);
    await handle.writeFile(content);
    if (root.uid !== undefined) await handle.chown(root.uid, root.uid);
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG')
      throw payloadTooLarge(
        `Writing '${relative}' exceeds the sandbox disk quota`,
      );
    throw error;
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
  let directory = root.directory;
  if (segments.length > 0) {
    // The trailing '' makes every segment a directory to walk (links refused).
    directory = join(
      await resolveParent(root, [...segments, ''], { create: false }).catch(
        (error: unknown) => {
          if (JanusError.isInstance(error) && error.code === 'not_found')
            throw new JanusError({
              message: `Directory '${segments.join('/')}' not found`,
              code: 'not_found',
            });
          throw error;
        },
      ),
    );
  }
  const entries: NonNullable<FileListResponse['entries']> = [];
  const walk = async (host: string, prefix: string) => {
    const names = (await readdir(host)).sort();
    for (const name of names) {
      if (entries.length >= options.maxEntries) return;
      const stats = await lstat(join(host, name)).catch(() => null);
      if (stats === null) continue;
      const type = stats.isFile()
        ? 'file'
        : stats.isDirectory()
          ? 'directory'
          : stats.isSymbolicLink()
            ? 'symlink'
            : 'other';
      const path = prefix + name;
      entries.push({ path, type, size: type === 'directory' ? 0 : stats.size });
      if (type === 'directory' && options.recursive)
        await walk(join(host, name), `${path}/`);
    }
  };
  await walk(directory, '');
  return {
    files: entries
      .filter(entry => entry.type !== 'directory')
      .map(entry => entry.path),
    entries,
  };
}

/** Bytes allocated below `directory` (for the quota check when no tmpfs enforces it). */
export async function directoryUsage(directory: string): Promise<number> {
  let total = 0;
  const walk = async (path: string) => {
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names) {
      const stats = await lstat(join(path, name)).catch(() => null);
      if (stats === null) continue;
      total += stats.blocks * 512;
      if (stats.isDirectory()) await walk(join(path, name));
    }
  };
  await walk(directory);
  return total;
}
