import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxManager } from '../core/sandbox-manager';
import type { SandboxManagerOptions } from '../core/sandbox-manager-options';
import { createSilentLogger } from '../logger';

/**
 * A fresh root directory for a test's sandboxes, under the OS temp directory:
 * mode 0711, as sandbox uids must traverse it (a manager never changes the
 * mode of a directory it did not create).
 *
 * @internal
 */
export function createTestRootDirectory(name: string): string {
  const directory = mkdtempSync(join(tmpdir(), `janus-sandy-${name}-`));
  chmodSync(directory, 0o711);
  return directory;
}

/**
 * A manager for tests: silent logger, its own root directory (so a test can
 * check what is left on the host), and `dispose()` for `afterAll`.
 *
 * @internal
 */
export function createTestManager(options: SandboxManagerOptions = {}) {
  const rootDirectory = createTestRootDirectory('test');
  const manager = new SandboxManager({
    logger: createSilentLogger(),
    rootDirectory,
    ...options,
  });
  return { manager, rootDirectory };
}

/**
 * Host pids whose command line contains every one of `parts` (NUL-joined
 * argv), used to prove that killed commands are really gone.
 *
 * @internal
 */
export function findHostProcesses(parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (parts.every((part, index) => argv[index] === part))
      pids.push(Number(entry));
  }
  return pids;
}
