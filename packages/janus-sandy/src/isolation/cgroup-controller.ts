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
    await removeCgroupParent(join(directory, name)).catch(() => {});
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

/** Attempts (20 ms apart) at removing a group whose processes are still exiting. */
const removeAttempts = 250;

/**
 * SIGKILLs every process in the group and removes its directories. A killed
 * process counts in its group until it has exited, and `rmdir` fails with
 * `EBUSY` until then: retried (killing again) for up to about 5 s. Rejects,
 * naming the directories, when they are still there; a group left behind
 * would hold a process that escaped terminate.
 */
export async function removeCgroupGroup(group: CgroupGroup): Promise<void> {
  let remaining = group.directories;
  for (let attempt = 1; ; attempt++) {
    for (const directory of remaining) await killProcessesIn(directory);
    const busy: string[] = [];
    for (const directory of remaining) {
      try {
        await rmdir(directory);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue;
        if (code !== 'EBUSY' || attempt === removeAttempts)
          throw new Error(
            `Cannot remove cgroup ${directory} (${code ?? error})`,
          );
        busy.push(directory);
      }
    }
    if (busy.length === 0) return;
    remaining = busy;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * Removes a per-instance parent group and every sandbox group still in it
 * (at shutdown, and for instances whose process died).
 */
export async function removeCgroupParent(parent: string): Promise<void> {
  const children = await readdir(parent, { withFileTypes: true }).catch(
    () => [],
  );
  await removeCgroupGroup({
    procsFiles: [],
    directories: children
      .filter(entry => entry.isDirectory())
      .map(entry => join(parent, entry.name)),
  });
  await removeCgroupGroup({ procsFiles: [], directories: [parent] });
}

/** SIGKILLs every process listed in a group's `cgroup.procs`. */
async function killProcessesIn(directory: string): Promise<void> {
  const pids = await readFile(join(directory, 'cgroup.procs'), 'utf8').catch(
    () => '',
  );
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
