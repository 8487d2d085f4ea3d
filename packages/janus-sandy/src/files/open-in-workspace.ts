import { constants } from 'node:fs';
import {
  chown,
  type FileHandle,
  lstat,
  mkdir,
  open,
  readlink,
  realpath,
} from 'node:fs/promises';
import { join } from 'node:path';
import { JanusError } from '@janus/protocol';
import { invalidRequest } from '../core/sandy-errors';

/**
 * Symlink-safe file access below a sandbox's host workspace directory.
 *
 * The sandbox owns that directory and can plant symbolic links in it (the
 * Judge0 CVE-2024-28185/28189 pattern), while this service runs with more
 * rights than the sandbox. So: intermediate components must be real
 * directories (never followed links), the last component is opened with
 * `O_NOFOLLOW`, and after `open` the descriptor's real path
 * (`/proc/self/fd/N`) must still lie inside the workspace, which also catches
 * a directory swapped for a link between the checks and the open.
 */
export interface WorkspaceRoot {
  /** Host path of the workspace directory (bound at `/workspace`). */
  directory: string;
  /** `realpath` of `directory`, for the descriptor check. */
  realDirectory: string;
  /** Owner given to files and directories the service creates. */
  uid?: number;
}

/** Walks to the parent of `segments`' last entry; creates missing directories when asked. */
export async function resolveParent(
  root: WorkspaceRoot,
  segments: string[],
  options: { create: boolean },
): Promise<string> {
  let current = root.directory;
  const walked: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    walked.push(segment);
    const next = join(current, segment);
    const stats = await lstat(next).catch(() => null);
    if (stats === null) {
      if (!options.create) throw notFound(segments);
      await mkdir(next, { mode: 0o755 }).catch(error => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
      // Re-check: a concurrent sandbox process may have raced us with a link.
      const created = await lstat(next);
      if (!created.isDirectory()) throw throughLink(segments);
      if (root.uid !== undefined) await chown(next, root.uid, root.uid);
    } else if (stats.isSymbolicLink()) {
      throw throughLink(segments);
    } else if (!stats.isDirectory()) {
      // The path up to the file that stands where a directory is meant.
      throw invalidRequest(`'${walked.join('/')}' is not a directory`, 'path');
    }
    current = next;
  }
  return current;
}

/**
 * Opens an existing regular file for reading. A final symbolic link is
 * allowed only when its target resolves inside the workspace.
 */
export async function openForRead(
  root: WorkspaceRoot,
  relative: string,
): Promise<FileHandle> {
  const segments = relative.split('/').filter(Boolean);
  if (segments.length === 0)
    throw invalidRequest('path is a directory', 'path');
  const parent = await resolveParent(root, segments, { create: false });
  let target = join(parent, segments.at(-1)!);
  const stats = await lstat(target).catch(() => null);
  if (stats === null) throw notFound(segments);
  if (stats.isSymbolicLink()) {
    const resolved = await realpath(target).catch(() => null);
    if (resolved === null) throw notFound(segments);
    if (!isInside(root.realDirectory, resolved))
      throw invalidRequest(
        `'${relative}' is a symbolic link that points outside /workspace`,
        'path',
      );
    target = resolved;
  }
  // O_NONBLOCK: a FIFO planted by the sandbox must not hang the service.
  const handle = await open(
    target,
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  );
  try {
    await verifyDescriptor(root, handle, relative);
    if (!(await handle.stat()).isFile())
      throw invalidRequest(`'${relative}' is not a regular file`, 'path');
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Checks that an open descriptor really lies inside the workspace. */
export async function verifyDescriptor(
  root: WorkspaceRoot,
  handle: FileHandle,
  relative: string,
): Promise<void> {
  const real = await readlink(`/proc/self/fd/${handle.fd}`);
  if (!isInside(root.realDirectory, real))
    throw invalidRequest(`'${relative}' resolves outside /workspace`, 'path');
}

function isInside(directory: string, path: string): boolean {
  return path === directory || path.startsWith(`${directory}/`);
}

function notFound(segments: string[]): JanusError {
  return new JanusError({
    message: `File '${segments.join('/')}' not found`,
    code: 'not_found',
  });
}

function throughLink(segments: string[]): JanusError {
  return invalidRequest(
    `'${segments.join('/')}' goes through a symbolic link; the file API does not follow links in directories`,
    'path',
  );
}
