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
  /**
   * Bytes the launcher must find on fds 3, 4, … (pipes written by the
   * spawner): the seccomp program and bubblewrap's own arguments (with
   * bubblewrap), then the command.
   */
  extraFds: Uint8Array[];
  /** Inherited descriptors to replace with `nullFd` in the launcher (see `IsolationRuntime.maskedFds`). */
  maskedFds: { fds: number[]; nullFd: number } | null;
}

/** Everything {@link buildLaunchCommand} needs. */
export interface BuildLaunchCommandOptions {
  isolation: 'bwrap' | 'none';
  bwrapPath: string;
  prlimitPath: string | null;
  /** `/bin/sh` is dash: set rlimits with its `ulimit` builtins instead of `prlimit`. */
  shellUlimits: boolean;
  /** From `buildSystemBinds()`. */
  systemBinds: string[];
  storage: WorkspaceStorage;
  /** Working directory relative to `/workspace` (`''` for the root). */
  cwd: string;
  /** The complete environment inside (already minimal + request env). */
  env: Record<string, string>;
  command: string;
  rlimits: CommandRlimits;
  /** The seccomp program (from `buildSeccompFilter`), or `null` for none. */
  seccompFilter: Uint8Array | null;
  /** `cgroup.procs` files the launcher joins before exec. */
  cgroupProcsFiles: string[];
  uid?: number;
  /** Inherited descriptors to mask with `/dev/null`. */
  maskedFds?: { fds: number[]; nullFd: number } | null;
}

/**
 * Builds the launcher for one command: `sh` joins the sandbox's cgroups and
 * sets the rlimits (dash `ulimit`, or by exec'ing `prlimit`), then execs `bwrap` with the sandbox's
 * namespaces and mounts, which runs the command with `/bin/sh -c` (a long
 * one read from a pipe, {@link shellFor}). Every step is an `exec`, so the spawned
 * pid is bubblewrap's monitor and killing its process group (plus
 * `--die-with-parent` and the PID namespace) ends everything.
 */
export function buildLaunchCommand(
  options: BuildLaunchCommandOptions,
): LaunchCommand {
  const { storage } = options;
  let inner: string[];
  let cwd: string;
  const extraFds: Uint8Array[] = [];
  if (options.isolation === 'bwrap') {
    // The policy goes through a pipe (`--args FD`), so neither the host paths
    // nor the policy show up in /proc/1/cmdline inside the sandbox.
    if (options.seccompFilter) extraFds.push(options.seccompFilter);
    const policy = buildBwrapArgs({
      ...options,
      seccompFd: options.seccompFilter ? 3 : undefined,
    });
    extraFds.push(
      new TextEncoder().encode(policy.map(arg => `${arg}\0`).join('')),
    );
    inner = [
      options.bwrapPath,
      '--args',
      String(2 + extraFds.length),
      '--',
      ...shellFor(options.command, 3 + extraFds.length, extraFds),
    ];
    // bwrap chdirs inside; '/' keeps host paths out of the launcher's $PWD.
    cwd = '/';
  } else {
    inner = shellFor(options.command, 3 + extraFds.length, extraFds);
    cwd = join(storage.workspaceDirectory, options.cwd);
  }
  // rlimits: dash's `ulimit` builtins when /bin/sh is dash (one exec fewer),
  // else `prlimit`. Cgroups are joined by the same `sh` before anything runs.
  const steps = options.cgroupProcsFiles.map(file => `echo $$ > '${file}'`);
  let tail = inner;
  if (options.shellUlimits) steps.push(...ulimitCommands(options.rlimits));
  else if (options.prlimitPath)
    tail = [
      options.prlimitPath,
      ...prlimitFlags(options.rlimits),
      '--',
      ...inner,
    ];
  const argv =
    steps.length > 0
      ? [
          '/bin/sh',
          '-c',
          `${steps.join(' && ')} && exec "$@"`,
          'janus-sandy-launch',
          ...tail,
        ]
      : tail;
  const [file, ...args] = argv as [string, ...string[]];
  return {
    file,
    args,
    cwd,
    // `none` has no --clearenv: the launcher's env is the command's env.
    env: options.isolation === 'bwrap' ? {} : options.env,
    uid: options.uid,
    gid: options.uid,
    extraFds,
    maskedFds: options.maskedFds ?? null,
  };
}

/** Commands up to this many bytes go to `sh -c` as its argument. */
const ARGUMENT_COMMAND_BYTES = 64 * 1024;

/**
 * `/bin/sh -c <command>`, or, for a command over
 * {@link ARGUMENT_COMMAND_BYTES}, `/bin/sh -c` reading it from descriptor
 * `fd`, a pipe the spawner fills (pushed onto `extraFds`): one argument
 * holds at most 128 KiB (`MAX_ARG_STRLEN`), and clients send bigger commands
 * (files written as `printf %s <base64> | base64 -d`). There, `eval` parses
 * the text as `sh -c` would, the descriptor is closed for the command
 * itself, and the expansion strips trailing newlines only, which a shell
 * ignores anyway. Only the long ones take that way: it costs a `cat`
 * process per command.
 */
function shellFor(
  command: string,
  fd: number,
  extraFds: Uint8Array[],
): string[] {
  const bytes = new TextEncoder().encode(command);
  if (bytes.byteLength <= ARGUMENT_COMMAND_BYTES)
    // `--`: a command starting with `-` is a command, not an option.
    return ['/bin/sh', '-c', '--', command];
  extraFds.push(bytes);
  return ['/bin/sh', '-c', `eval "$(/bin/cat <&${fd})" ${fd}<&-`];
}

/** dash `ulimit` (one flag per call; `-f` in 512-byte blocks, `-v` in KiB, `-p` processes; soft = hard). */
function ulimitCommands(rlimits: CommandRlimits): string[] {
  const commands = [
    `ulimit -t ${rlimits.cpuSeconds}`,
    `ulimit -n ${rlimits.openFiles}`,
    'ulimit -c 0',
  ];
  if (rlimits.fileSizeBytes !== undefined)
    commands.push(
      `ulimit -f ${Math.max(1, Math.floor(rlimits.fileSizeBytes / 512))}`,
    );
  if (rlimits.addressSpaceBytes !== undefined)
    commands.push(`ulimit -v ${Math.floor(rlimits.addressSpaceBytes / 1024)}`);
  if (rlimits.processes !== undefined)
    commands.push(`ulimit -p ${rlimits.processes}`);
  return commands;
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
function buildBwrapArgs(
  options: BuildLaunchCommandOptions & { seccompFd?: number },
): string[] {
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
    ...(options.seccompFd === undefined
      ? []
      : ['--seccomp', String(options.seccompFd)]),
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
