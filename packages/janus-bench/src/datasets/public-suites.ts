import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The suites shipped in the package (`datasets/public/*`). */
export const PUBLIC_SUITES = ['public/dev', 'public/train'] as const;

let datasetsRoot: string | undefined;

/**
 * The package's `datasets/` directory, found by walking up from this module
 * (works from `src/` in tests and from `dist/` once installed).
 */
export function datasetsDirectory(): string {
  if (datasetsRoot) return datasetsRoot;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(directory, 'datasets');
    if (existsSync(join(candidate, 'public'))) {
      datasetsRoot = candidate;
      return candidate;
    }
    directory = dirname(directory);
  }
  throw new Error('The @janus/bench datasets directory is missing');
}

/** The directory of a shipped suite, or `undefined` if `suite` is not one. */
export function publicSuitePath(suite: string): string | undefined {
  if (!(PUBLIC_SUITES as readonly string[]).includes(suite)) return undefined;
  return join(datasetsDirectory(), suite);
}
