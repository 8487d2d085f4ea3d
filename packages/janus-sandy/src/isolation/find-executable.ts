import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const fallbackDirectories = [
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/usr/sbin',
  '/sbin',
];

/**
 * Finds an executable by name on `PATH` (plus the usual system directories),
 * or checks an explicit path. Returns `null` when none is executable.
 */
export function findExecutable(name: string): string | null {
  const candidates = name.includes('/')
    ? [name]
    : [
        ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
        ...fallbackDirectories,
      ].map(directory => join(directory, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return null;
}
