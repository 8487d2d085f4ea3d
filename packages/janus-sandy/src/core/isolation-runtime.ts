import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildSeccompFilter } from '../isolation/build-seccomp-filter';
import { createBwrapMissingError } from '../isolation/bwrap-missing-error';
import {
  type CgroupSupport,
  detectCgroupSupport,
  removeCgroupParent,
} from '../isolation/cgroup-controller';
import { findExecutable } from '../isolation/find-executable';
import { findInheritedFds } from '../isolation/find-inherited-fds';
import { prepareRootDirectory } from '../isolation/prepare-root-directory';
import { probeBwrap } from '../isolation/probe-bwrap';
import {
  buildSystemBinds,
  prepareEtcDirectory,
} from '../isolation/system-binds';
import {
  canMountTmpfs,
  type WorkspaceQuotaMode,
} from '../isolation/workspace-storage';
import type { SandyLogger } from '../logger';

/** Highest inherited descriptor number masked per command (else: refuse to start). */
const maxMaskedFd = 4096;

/** What the host offers, probed once when a {@link SandboxManager} starts. */
export interface IsolationRuntime {
  isolation: 'bwrap' | 'none';
  bwrapPath: string;
  prlimitPath: string | null;
  /** `/bin/sh` is dash, whose `ulimit` builtins replace `prlimit`. */
  shellUlimits: boolean;
  /** This manager's own directory below the root (one per process/manager). */
  instanceDirectory: string;
  cgroups: CgroupSupport;
  quotaMode: WorkspaceQuotaMode;
  /** First uid of the per-sandbox uid range, or `undefined` (commands keep the service's uid). */
  uidBase: number | undefined;
  /** The seccomp program for `--seccomp`, or `null` (not x86-64, or turned off). */
  seccompFilter: Uint8Array | null;
  /** bubblewrap arguments for `/usr`, `/bin`, … and the prepared `/etc`. */
  systemBinds: string[];
  /**
   * Inherited descriptors without close-on-exec, replaced by `/dev/null`
   * (`nullFd`) in every launched command ({@link findInheritedFds}).
   */
  maskedFds: { fds: number[]; nullFd: number } | null;
}

/** Options of {@link initIsolationRuntime}. */
export interface IsolationRuntimeOptions {
  isolation: 'bwrap' | 'none';
  bwrapPath?: string;
  rootDirectory: string;
  cgroups: 'auto' | 'off';
  workspaceQuota: 'auto' | 'tmpfs' | 'check';
  sandboxUids: 'auto' | 'off';
  uidBase: number;
  maxSandboxes: number;
  /** `off` skips the seccomp filter (default `auto`: on where supported). */
  seccomp?: 'auto' | 'off';
  /** Test hook: force `prlimit` even when /bin/sh is dash. */
  rlimitTool?: 'auto' | 'prlimit';
  logger: SandyLogger;
}

/**
 * Probes the host and prepares this manager's directory. Refuses (throws)
 * when bubblewrap is required but missing; degrades, with one warning each,
 * when cgroups, tmpfs mounts or `prlimit` are not available.
 */
export async function initIsolationRuntime(
  options: IsolationRuntimeOptions,
): Promise<IsolationRuntime> {
  const { logger } = options;
  const bwrapPath = options.bwrapPath ?? findExecutable('bwrap') ?? 'bwrap';
  if (options.isolation === 'bwrap' && findExecutable(bwrapPath) === null)
    throw createBwrapMissingError(bwrapPath);
  if (options.isolation === 'none')
    logger.warn(
      'isolation "none": commands run UNSANDBOXED on this host with the service user\'s rights (development only)',
    );
  const prlimitPath = findExecutable('prlimit');
  const shellUlimits =
    options.rlimitTool !== 'prlimit' &&
    basename(await realpath('/bin/sh').catch(() => '')) === 'dash';
  if (prlimitPath === null && !shellUlimits)
    logger.warn(
      'prlimit (util-linux) not found: commands run without CPU, file-size or open-file rlimits',
    );
  const isRoot = process.getuid?.() === 0;
  let uidBase =
    options.isolation === 'bwrap' && isRoot && options.sandboxUids === 'auto'
      ? options.uidBase
      : undefined;
  if (options.isolation === 'bwrap') {
    const probe = await probeBwrap({
      bwrapPath,
      uid: uidBase,
      onUidFallback: reason =>
        logger.warn(
          `bubblewrap cannot run as a per-sandbox uid (${reason}); sandboxes run as the service's uid inside their user namespace`,
        ),
    });
    if (!probe.perSandboxUid) uidBase = undefined;
  }
  const instanceId = `${process.pid}-${randomBytes(3).toString('hex')}`;
  await prepareRootDirectory({
    directory: options.rootDirectory,
    sandboxUids: uidBase !== undefined,
  });
  const instanceDirectory = join(options.rootDirectory, instanceId);
  await mkdir(instanceDirectory);
  // Set apart from mkdir, whose mode the umask cuts.
  await chmod(instanceDirectory, 0o711);
  await writeFile(join(instanceDirectory, 'owner.pid'), String(process.pid));

  const cgroups =
    options.cgroups === 'off'
      ? { memoryParent: null, pidsParent: null }
      : await detectCgroupSupport({ instanceId, logger });
  let quotaMode: WorkspaceQuotaMode = 'check';
  if (options.workspaceQuota !== 'check') {
    if (isRoot && (await canMountTmpfs(join(instanceDirectory, 'probe'))))
      quotaMode = 'tmpfs';
    else if (options.workspaceQuota === 'tmpfs')
      throw new Error(
        'workspaceQuota "tmpfs" needs root (CAP_SYS_ADMIN) to mount a tmpfs per sandbox',
      );
    else
      logger.warn(
        'Cannot mount a tmpfs per sandbox (not root): the disk quota falls back to RLIMIT_FSIZE and API write checks',
      );
  }
  if (!cgroups.pidsParent && uidBase === undefined && isRoot)
    logger.warn(
      'No pids cgroup and no per-sandbox uid: the PID limit cannot be enforced for root',
    );

  let seccompFilter: Uint8Array | null = null;
  if (options.isolation === 'bwrap' && options.seccomp !== 'off') {
    seccompFilter = buildSeccompFilter();
    if (seccompFilter === null)
      logger.warn(
        `No seccomp filter for ${process.arch}: sandboxes rely on namespaces and dropped capabilities only`,
      );
  }
  let systemBinds: string[] = [];
  if (options.isolation === 'bwrap') {
    const etc = join(instanceDirectory, 'etc');
    await prepareEtcDirectory(etc);
    const uids =
      uidBase === undefined
        ? [process.getuid?.() ?? 0]
        : Array.from(
            { length: options.maxSandboxes },
            (_, index) => uidBase + index,
          );
    const users = uids
      .filter(uid => uid !== 0)
      .map(uid => `sandbox:x:${uid}:${uid}:sandbox:/workspace:/bin/sh`);
    const groups = uids
      .filter(uid => uid !== 0)
      .map(uid => `sandbox:x:${uid}:`);
    await writeFile(
      join(etc, 'passwd'),
      [
        'root:x:0:0:root:/workspace:/bin/sh',
        'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
        ...users,
        '',
      ].join('\n'),
    );
    await writeFile(
      join(etc, 'group'),
      ['root:x:0:', 'nogroup:x:65534:', ...groups, ''].join('\n'),
    );
    systemBinds = await buildSystemBinds(etc);
  }
  const inherited = findInheritedFds();
  let maskedFds: IsolationRuntime['maskedFds'] = null;
  if (inherited.length > 0) {
    const listed = inherited
      .map(({ fd, target }) => `${fd} (${target})`)
      .join(', ');
    const highest = Math.max(...inherited.map(({ fd }) => fd));
    // Masking costs one stdio slot per descriptor number up to the highest.
    if (highest > maxMaskedFd)
      throw new Error(
        `janus-sandy inherited descriptors without close-on-exec that it cannot keep out of sandboxes: ${listed}. ` +
          'Start it without them (close them in the launching shell, e.g. `200<&-`, or open them with close-on-exec)',
      );
    maskedFds = {
      fds: inherited.map(({ fd }) => fd),
      nullFd: openSync('/dev/null', 'r'),
    };
    logger.warn(
      `Inherited descriptors without close-on-exec: ${listed}. Every command gets /dev/null in their place; start janus-sandy without them (e.g. \`200<&-\`) to silence this`,
    );
  }
  return {
    maskedFds,
    isolation: options.isolation,
    bwrapPath,
    prlimitPath,
    shellUlimits,
    seccompFilter,
    instanceDirectory,
    cgroups,
    quotaMode,
    uidBase,
    systemBinds,
  };
}

/**
 * Removes the runtime's directories and cgroups (after every sandbox is
 * gone), including any sandbox group still left in them. Tries everything,
 * then rejects with the first failure.
 */
export async function disposeIsolationRuntime(
  runtime: IsolationRuntime,
): Promise<void> {
  if (runtime.maskedFds) closeSync(runtime.maskedFds.nullFd);
  const failures: unknown[] = [];
  await rm(runtime.instanceDirectory, { recursive: true, force: true }).catch(
    (error: unknown) => void failures.push(error),
  );
  for (const parent of [
    runtime.cgroups.memoryParent,
    runtime.cgroups.pidsParent,
  ])
    if (parent)
      await removeCgroupParent(parent).catch(
        (error: unknown) => void failures.push(error),
      );
  if (failures.length > 0) throw failures[0];
}
