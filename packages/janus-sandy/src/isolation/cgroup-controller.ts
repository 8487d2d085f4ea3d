import {
  chown,
  mkdir,
  readdir,
  readFile,
  rmdir,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { SandyLogger } from '../logger';
import { isProcessAlive } from './is-process-alive';

/** Per-sandbox cgroup directories (cgroup v1), one per controller used. */
export interface CgroupGroup {
  /** The `cgroup.procs` files a launcher writes its pid into before exec. */
  procsFiles: string[];
  /** The group directories, removed on terminate. */
  directories: string[];
}

/** Which cgroup v1 controllers the service can write, and where. */
export interface CgroupSupport {
  /** Parent directory for per-sandbox memory groups, or `null`. */
  memoryParent: string | null;
  /** Parent directory for per-sandbox pids groups, or `null`. */
  pidsParent: string | null;
}

/**
 * Finds writable cgroup v1 `memory` and `pids` hierarchies below the service's
 * own cgroup (so sandboxes stay inside any limit the service itself has) and
 * creates `<own>/janus-sandy-<instance>` in each. Where a controller is missing
 * or not writable (cgroup v2, no root, read-only /sys) it logs why and returns
 * `null` for it; callers fall back to rlimits.
 */
export async function detectCgroupSupport(options: {
  instanceId: string;
  logger: SandyLogger;
  root?: string;
}): Promise<CgroupSupport> {
  const root = options.root ?? '/sys/fs/cgroup';
  let ownGroups = new Map<string, string>();
  try {
    ownGroups = parseProcCgroup(await readFile('/proc/self/cgroup', 'utf8'));
  } catch {
    // No /proc/self/cgroup: no cgroups at all.
  }
  const probe = async (controller: 'memory' | 'pids') => {
    const own = ownGroups.get(controller);
    if (own === undefined) {
      options.logger.warn(
        `cgroup v1 '${controller}' controller not found; falling back to rlimits`,
        { controller },
      );
      return null;
    }
    const parent = join(
      root,
      controller,
      own,
      `janus-sandy-${options.instanceId}`,
    );
    await removeStaleGroups(join(root, controller, own));
    try {
      await mkdir(parent, { recursive: true });
      return parent;
    } catch (error) {
      options.logger.warn(
        `cgroup v1 '${controller}' controller is not writable at ${parent} ` +
          `(${(error as NodeJS.ErrnoException).code ?? error}); falling back to rlimits`,
        { controller },
      );
      return null;
    }
  };
  return {
    memoryParent: await probe('memory'),
    pidsParent: await probe('pids'),
  };
}

/** Removes `janus-sandy-<pid>-*` groups left by service processes that died. */
async function removeStaleGroups(directory: string): Promise<void> {
  for (const name of await readdir(directory).catch(() => [] as string[])) {
    const pid = /^janus-sandy-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || isProcessAlive(Number(pid))) continue;
    const stale = join(directory, name);
    const children = await readdir(stale, { withFileTypes: true }).catch(
      () => [],
    );
    const directories = children
      .filter(entry => entry.isDirectory())
      .map(entry => join(stale, entry.name));
    await removeCgroupGroup({ procsFiles: [], directories });
    await rmdir(stale).catch(() => {});
  }
}

/** Parses `/proc/self/cgroup` (v1 lines `id:controllers:path`). */
function parseProcCgroup(text: string): Map<string, string> {
  const groups = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (!controllers || path === undefined) continue;
    for (const controller of controllers.split(','))
      groups.set(controller, path);
  }
  return groups;
}

/**
 * Creates one sandbox's groups with its memory and pid limits. `ownerUid`
 * gets write access to `cgroup.procs` so a launcher already running as the
 * sandbox user can move itself in before it execs bubblewrap.
 */
export async function createCgroupGroup(options: {
  support: CgroupSupport;
  name: string;
  memoryBytes: number;
  pids: number;
  ownerUid?: number;
}): Promise<CgroupGroup> {
  const group: CgroupGroup = { procsFiles: [], directories: [] };
  const add = async (parent: string, limits: Array<[string, string]>) => {
    const directory = join(parent, options.name);
    await mkdir(directory);
    group.directories.push(directory);
    for (const [file, value] of limits) {
      try {
        await writeFile(join(directory, file), value);
      } catch (error) {
        // memsw exists only with swap accounting; everything else must work.
        if (!file.includes('memsw')) throw error;
      }
    }
    const procs = join(directory, 'cgroup.procs');
    if (options.ownerUid !== undefined)
      await chown(procs, options.ownerUid, options.ownerUid);
    group.procsFiles.push(procs);
  };
  const { memoryParent, pidsParent } = options.support;
  try {
    if (memoryParent)
      await add(memoryParent, [
        ['memory.limit_in_bytes', String(options.memoryBytes)],
        ['memory.memsw.limit_in_bytes', String(options.memoryBytes)],
      ]);
    if (pidsParent) await add(pidsParent, [['pids.max', String(options.pids)]]);
  } catch (error) {
    await removeCgroupGroup(group);
    throw error;
  }
  return group;
}

/** SIGKILLs every process left in the group, then removes its directories. */
export async function removeCgroupGroup(group: CgroupGroup): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    let remaining = 0;
    for (const directory of group.directories) {
      const pids = await readFile(
        join(directory, 'cgroup.procs'),
        'utf8',
      ).catch(() => '');
      for (const pid of pids.split('\n').filter(Boolean)) {
        remaining++;
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    if (remaining === 0) break;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  for (const directory of group.directories)
    await rmdir(directory).catch(() => {});
}
