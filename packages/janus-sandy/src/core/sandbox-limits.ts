/**
 * Resource limits applied to every sandbox. Each has a default; the service
 * options and the CLI can override any of them.
 */
export interface SandboxLimits {
  /** Wall-clock limit of one command when the request sets none (ms). Default 60 000. */
  execTimeoutMs: number;
  /** Largest `timeoutMs` a request may ask for (ms). Default 600 000. */
  maxExecTimeoutMs: number;
  /** CPU time of each process (`RLIMIT_CPU`, seconds). Default 120. */
  cpuSeconds: number;
  /**
   * Memory of the whole sandbox (bytes): a cgroup v1 memory limit when the
   * memory controller is writable, else `RLIMIT_AS` per process. Default 512 MiB.
   * A tmpfs workspace is charged to the same cgroup, whose limit is therefore
   * `memoryBytes + diskBytes` (a full workspace leaves the processes theirs).
   */
  memoryBytes: number;
  /**
   * Processes/threads of the whole sandbox: cgroup `pids.max` when writable,
   * else `RLIMIT_NPROC` for the sandbox's own uid. Default 256.
   */
  pids: number;
  /** Size of `/workspace` plus `/tmp` (bytes). Default 512 MiB. */
  diskBytes: number;
  /** Output kept per stream (stdout, stderr) of one command (bytes). Default 1 MiB. */
  outputBytes: number;
  /** Open files per process (`RLIMIT_NOFILE`). Default 1024. */
  openFiles: number;
}

/** The defaults of {@link SandboxLimits}. */
export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  execTimeoutMs: 60_000,
  maxExecTimeoutMs: 600_000,
  cpuSeconds: 120,
  memoryBytes: 512 * 1024 * 1024,
  pids: 256,
  diskBytes: 512 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  openFiles: 1024,
});

/** Merges partial limits over the defaults, rejecting non-positive values. */
export function resolveSandboxLimits(
  limits: Partial<SandboxLimits> = {},
): SandboxLimits {
  const resolved = { ...DEFAULT_SANDBOX_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`Sandbox limit ${name} must be a positive number`);
    resolved[name as keyof SandboxLimits] = Math.floor(value);
  }
  return resolved;
}
