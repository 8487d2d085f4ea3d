import { invalidRequest } from '../core/sandy-errors';

/** Longest file name (bytes) of Linux file systems (`NAME_MAX`). */
const maxNameBytes = 255;

/**
 * Normalises a client path to a path relative to `/workspace`, lexically:
 * relative paths resolve against `/workspace`, absolute ones must lie inside
 * it, and `..` is refused outright (never "resolved"), as are NUL bytes,
 * backslashes and names longer than 255 bytes. Returns `''` for `/workspace`
 * itself. Symbolic links are checked later, on the file system
 * ({@link openInWorkspace}).
 *
 * @param options.param The request field, for the error.
 */
export function toWorkspacePath(
  path: string,
  options: { param?: string } = {},
): string {
  const param = options.param ?? 'path';
  if (typeof path !== 'string')
    throw invalidRequest('path must be a string', param);
  if (path.includes('\0') || path.includes('\\'))
    throw invalidRequest(
      'path must not contain NUL bytes or backslashes',
      param,
    );
  if (path.length > 4096) throw invalidRequest('path is too long', param);
  let relative = path;
  if (path.startsWith('/')) {
    if (path === '/workspace' || path === '/workspace/') return '';
    if (!path.startsWith('/workspace/'))
      throw invalidRequest(`path '${path}' is outside /workspace`, param);
    relative = path.slice('/workspace/'.length);
  }
  const segments: string[] = [];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..')
      throw invalidRequest(`path '${path}' must not contain '..'`, param);
    // NAME_MAX: the file system would refuse it (ENAMETOOLONG).
    if (Buffer.byteLength(segment) > maxNameBytes)
      throw invalidRequest(
        `path '${path}' has a name longer than ${maxNameBytes} bytes`,
        param,
      );
    segments.push(segment);
  }
  return segments.join('/');
}
