import { join } from 'node:path';
import type { WorkspaceStorage } from './workspace-storage';

/** rlimits applied (through `prlimit`) to every process of one command. */
export interface CommandRlimits {
  cpuSeconds: number;
  openFiles: number;
  /** `RLIMIT_FSIZE`, set when the workspace quota is not enforced by a tmpfs. */
  fileSizeBytes?: number;
  /** `RLIMIT_AS`, set when no memory cgroup is available. */
  addressSpaceBytes?: number;
  /** `RLIMIT_NPROC`, set when no pids cgroup is available. */
  processes?: number;
}

/** What to spawn for one command. */
export interface LaunchCommand {
  file: string;
  args: string[];
  /** Host working directory of the launcher. */
  cwd: string;
  /** Environment of the launcher itself (never the service's). */
  env: Record<string, string>;
  uid?: number;
  gid?: number;
}

/** Everything {@link buildLaunchCommand} needs. */
export interface BuildLaunchCommandOptions {
  isolation: 'bwrap' | 'none';
  bwrapPath: string;
  prlimitPath: string | null;
  /** From `buildSystemBinds()`. */
  systemBinds: string[];
  storage: WorkspaceStorage;
  /** Working directory relative to `/workspace` (`''` for the root). */
  cwd: string;
  /** The complete environment inside (already minimal + request env). */
  env: Record<string, string>;
  command: string;
  rlimits: CommandRlimits;
  /** `cgroup.procs` files the launcher joins before exec. */
  cgroupProcsFiles: string[];
  uid?: number;
}

/**
 * Builds the launcher for one command: `sh` joins the sandbox's cgroups, then
 * execs `prlimit` with the rlimits, which execs `bwrap` with the sandbox's
 * namespaces and mounts, which runs `/bin/sh -c <command>`. Every step is an
 * `exec`, so the spawned pid is bubblewrap's monitor and killing its process
 * group (plus `--die-with-parent` and the PID namespace) ends everything.
 */
export function buildLaunchCommand(
  options: BuildLaunchCommandOptions,
): LaunchCommand {
  const { storage } = options;
  let inner: string[];
  let cwd: string;
  if (options.isolation === 'bwrap') {
    inner = [
      options.bwrapPath,
      ...buildBwrapArgs(options),
      '--',
      '/bin/sh',
      '-c',
      options.command,
    ];
    // bwrap chdirs inside; '/' keeps host paths out of the launcher's $PWD.
    cwd = '/';
  } else {
    inner = ['/bin/sh', '-c', options.command];
    cwd = join(storage.workspaceDirectory, options.cwd);
  }
  const limited = options.prlimitPath
    ? [options.prlimitPath, ...prlimitFlags(options.rlimits), '--', ...inner]
    : inner;
  let argv = limited;
  if (options.cgroupProcsFiles.length > 0) {
    const join = options.cgroupProcsFiles
      .map(file => `echo $$ > '${file}'`)
      .join(' && ');
    argv = [
      '/bin/sh',
      '-c',
      `${join} && exec "$@"`,
      'janus-sandy-launch',
      ...limited,
    ];
  }
  const [file, ...args] = argv as [string, ...string[]];
  return {
    file,
    args,
    cwd,
    // `none` has no --clearenv: the launcher's env is the command's env.
    env: options.isolation === 'bwrap' ? {} : options.env,
    uid: options.uid,
    gid: options.uid,
  };
}

function prlimitFlags(rlimits: CommandRlimits): string[] {
  const flags = [
    `--cpu=${rlimits.cpuSeconds}`,
    `--nofile=${rlimits.openFiles}`,
    '--core=0',
  ];
  if (rlimits.fileSizeBytes !== undefined)
    flags.push(`--fsize=${rlimits.fileSizeBytes}`);
  if (rlimits.addressSpaceBytes !== undefined)
    flags.push(`--as=${rlimits.addressSpaceBytes}`);
  if (rlimits.processes !== undefined)
    flags.push(`--nproc=${rlimits.processes}`);
  return flags;
}

/** The bubblewrap policy. Order matters: later mounts shadow earlier ones. */
function buildBwrapArgs(options: BuildLaunchCommandOptions): string[] {
  const args = [
    // pid, ipc, uts, net, user, cgroup namespaces; no way to nest a userns.
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    // setsid(): no TIOCSTI injection into a controlling tty (CVE-2017-5226).
    '--new-session',
    '--cap-drop',
    'ALL',
    '--hostname',
    'sandbox',
    ...options.systemBinds,
  ];
  args.push(
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--bind',
    options.storage.workspaceDirectory,
    '/workspace',
    '--bind',
    options.storage.tmpDirectory,
    '/tmp',
    // The synthetic root (and with it /etc) becomes read-only too.
    '--remount-ro',
    '/',
    '--chdir',
    options.cwd === '' ? '/workspace' : `/workspace/${options.cwd}`,
    '--clearenv',
  );
  for (const [name, value] of Object.entries(options.env))
    args.push('--setenv', name, value);
  return args;
}
