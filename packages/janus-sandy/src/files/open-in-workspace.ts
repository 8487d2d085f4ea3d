import { constants } from 'node:fs';
import {
  type FileHandle,
  lstat,
  mkdir,
  open,
  readlink,
} from 'node:fs/promises';
import { JanusError } from '@janus/protocol';
import { invalidRequest } from '../core/sandy-errors';
import {
  errnoCode,
  openChildDirectory,
  openDirectory,
  pinnedPath,
} from './pinned-directory';

/**
 * Symlink-safe file access below a sandbox's host workspace directory.
 *
 * The sandbox owns that directory and can plant symbolic links in it (the
 * Judge0 CVE-2024-28185/28189 pattern) or swap a directory for one at any
 * moment, while this service runs as root. So no path string below the
 * workspace is ever resolved twice: the walk opens one directory at a time
 * through the descriptor of the previous one ({@link pinnedPath}), refusing
 * links in directory positions; files are opened there with `O_NOFOLLOW`,
 * and a final link is followed only by reading it and walking its target
 * again the same way, confined to the workspace.
 */
export interface WorkspaceRoot {
  /** Host path of the workspace directory (bound at `/workspace`). */
  directory: string;
  /** Owner given to files and directories the service creates. */
  uid?: number;
}

/** Links followed for one read before giving up (the kernel's own limit). */
const maxLinkHops = 40;

/**
 * Opens the directory `directories` below the workspace (every component a
 * real directory, never a link). With `create`, missing ones are made and
 * handed to `root.uid` through their descriptor (`fchown`). `path` names the
 * request in errors. The caller closes the handle.
 */
export async function openWorkspaceDirectory(
  root: WorkspaceRoot,
  directories: string[],
  options: { create: boolean; path: string[] },
): Promise<FileHandle> {
  // Gone only when the sandbox is being terminated meanwhile.
  let current = await openDirectory(root.directory).catch((error: unknown) => {
    throw errnoCode(error) === 'ENOENT' ? notFound(options.path) : error;
  });
  for (const [index, name] of directories.entries()) {
    let next: FileHandle;
    try {
      next = await openOrCreateChild(root, current, name, options.create);
    } catch (error) {
      const walked = directories.slice(0, index + 1);
      const failure = await describeWalkError(current, name, error, {
        walked,
        path: options.path,
      });
      await current.close();
      throw failure;
    }
    await current.close();
    current = next;
  }
  return current;
}

/**
 * Opens an existing regular file for reading. A final symbolic link is
 * followed only when its target lies inside the workspace as the sandbox
 * sees it (relative targets against the link's directory, absolute ones
 * against `/workspace`), decided without touching the host outside it.
 */
export async function openForRead(
  root: WorkspaceRoot,
  relative: string,
): Promise<FileHandle> {
  let segments = relative.split('/').filter(Boolean);
  for (let hop = 0; ; hop++) {
    if (segments.length === 0)
      throw hop === 0
        ? invalidRequest('path is a directory', 'path')
        : invalidRequest(`'${relative}' is not a regular file`, 'path');
    const parent = await openWorkspaceDirectory(root, segments.slice(0, -1), {
      create: false,
      path: segments,
    });
    let target: string;
    try {
      const file = await openFileIn(parent, segments, relative);
      if (file !== null) return file;
      target = await readlink(pinnedPath(parent, segments.at(-1)!)).catch(
        () => {
          // Gone or no longer a link: the sandbox changed it meanwhile.
          throw notFound(segments);
        },
      );
    } finally {
      await parent.close();
    }
    if (hop >= maxLinkHops)
      throw invalidRequest(
        `'${relative}' has too many levels of links`,
        'path',
      );
    const next = resolveLinkTarget(segments.slice(0, -1), target);
    if (next === null)
      throw invalidRequest(
        `'${relative}' is a symbolic link that points outside /workspace`,
        'path',
      );
    segments = next;
  }
}

/**
 * Where a link at `directory/<link>` with `target` points, as workspace
 * segments, or null when outside `/workspace`. `..` is applied lexically,
 * which matches the kernel here: the walk accepts only real directories.
 */
export function resolveLinkTarget(
  directory: string[],
  target: string,
): string[] | null {
  let rest = target;
  let segments = [...directory];
  if (target.startsWith('/')) {
    if (target !== '/workspace' && !target.startsWith('/workspace/'))
      return null;
    rest = target.slice('/workspace'.length);
    segments = [];
  }
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments;
}

/** Opens the last of `segments` in `parent` as a regular file; null when it is a link. */
async function openFileIn(
  parent: FileHandle,
  segments: string[],
  relative: string,
): Promise<FileHandle | null> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO planted by the sandbox must not hang the service.
    handle = await open(
      pinnedPath(parent, segments.at(-1)!),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (error) {
    if (errnoCode(error) === 'ELOOP') return null;
    if (errnoCode(error) === 'ENOENT') throw notFound(segments);
    if (errnoCode(error) === 'ENAMETOOLONG') throw nameTooLong(relative);
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile())
      throw invalidRequest(`'${relative}' is not a regular file`, 'path');
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openOrCreateChild(
  root: WorkspaceRoot,
  parent: FileHandle,
  name: string,
  create: boolean,
): Promise<FileHandle> {
  try {
    return await openChildDirectory(parent, name);
  } catch (error) {
    if (!create || errnoCode(error) !== 'ENOENT') throw error;
  }
  const created = await mkdir(pinnedPath(parent, name), { mode: 0o755 }).then(
    () => true,
    (error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
      return false;
    },
  );
  // Opened again without following: if the sandbox swapped the new
  // directory for a link, this fails, and fchown can only reach what opened.
  const handle = await openChildDirectory(parent, name);
  if (created && root.uid !== undefined)
    await handle.chown(root.uid, root.uid).catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
  return handle;
}

/** Turns a failed step of the walk into a 400 or 404 (or rethrows). */
async function describeWalkError(
  parent: FileHandle,
  name: string,
  error: unknown,
  context: { walked: string[]; path: string[] },
): Promise<unknown> {
  const code = errnoCode(error);
  if (code === 'ENOENT') return notFound(context.path);
  if (code === 'ENAMETOOLONG') return nameTooLong(context.path.join('/'));
  if (code !== 'ENOTDIR' && code !== 'ELOOP') return error;
  // Only for the message: whatever it is now, it was not opened.
  const stats = await lstat(pinnedPath(parent, name)).catch(() => null);
  if (stats === null) return notFound(context.path);
  if (stats.isSymbolicLink())
    return invalidRequest(
      `'${context.path.join('/')}' goes through a symbolic link; the file API does not follow links in directories`,
      'path',
    );
  if (stats.isDirectory())
    return invalidRequest(
      `'${context.walked.join('/')}' was replaced during the request`,
      'path',
    );
  return invalidRequest(
    `'${context.walked.join('/')}' is not a directory`,
    'path',
  );
}

/**
 * 400 for a name the file system refuses as too long: `toWorkspacePath`
 * refuses those in requests, but a link target can hold one.
 */
function nameTooLong(path: string): JanusError {
  return invalidRequest(`'${path}' leads to a name that is too long`, 'path');
}

function notFound(segments: string[]): JanusError {
  return new JanusError({
    message: `File '${segments.join('/')}' not found`,
    code: 'not_found',
  });
}
