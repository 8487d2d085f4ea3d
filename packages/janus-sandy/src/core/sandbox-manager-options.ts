import type { OutputStream } from '../isolation/run-command';
import type { SandyLogger } from '../logger';
import type { SandboxLimits } from './sandbox-limits';

/** Options of {@link SandboxManager}. Every field is optional. */
export interface SandboxManagerOptions {
  /** `bwrap` (default) isolates every command; `none` is for development only. */
  isolation?: 'bwrap' | 'none';
  /** bubblewrap executable (default: `bwrap` on `PATH`). */
  bwrapPath?: string;
  /** Host directory for sandbox storage (default `<os tmpdir>/janus-sandy`). */
  rootDirectory?: string;
  /** Resource limits; see {@link SandboxLimits} for defaults. */
  limits?: Partial<SandboxLimits>;
  /** TTL when create sends no `ttl_seconds` (default 600, as hosted Sandy). */
  defaultTtlSeconds?: number;
  /** Largest TTL; longer requests are clamped (default 86 400). */
  maxTtlSeconds?: number;
  /** Sandboxes prepared ahead (storage mounted, cgroups made) so create is fast (default 4; 0 disables). */
  warmPoolSize?: number;
  /** Concurrent sandboxes; create answers 429 beyond (default 64). */
  maxSandboxes?: number;
  /** How often expired sandboxes are reaped (ms, default 1000). */
  reaperIntervalMs?: number;
  /** How long a terminated sandbox answers 409 before 404 (s, default 3600). */
  tombstoneSeconds?: number;
  /** `auto` (default) applies the seccomp deny-list on x86-64; `off` skips it. */
  seccomp?: 'auto' | 'off';
  /** `auto` uses writable cgroup v1 memory/pids controllers; `off` forces rlimits. */
  cgroups?: 'auto' | 'off';
  /** `auto`: tmpfs with `size=` when root, else `check`; see {@link WorkspaceQuotaMode}. */
  workspaceQuota?: 'auto' | 'tmpfs' | 'check';
  /** `auto`: when root, each sandbox runs as its own uid (`uidBase + slot`). */
  sandboxUids?: 'auto' | 'off';
  /** First per-sandbox uid (default: a random 1024-aligned base above 2 000 000). */
  uidBase?: number;
  /** Variables added to every command's environment (after the minimal set). */
  env?: Record<string, string>;
  logger?: SandyLogger;
  /** Test-only hooks. */
  _internal?: { rlimitTool?: 'auto' | 'prlimit' };
}

/** Options of {@link SandboxManager.exec}. */
export interface ExecOptions {
  /** Streams output as it arrives. */
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Aborting kills the command. */
  signal?: AbortSignal;
}

/** Counters for `/health`. */
export interface SandboxManagerStats {
  active: number;
  max: number;
  isolation: 'bwrap' | 'none';
  memoryLimit: 'cgroup' | 'rlimit';
  pidsLimit: 'cgroup' | 'rlimit' | 'none';
  diskQuota: 'tmpfs' | 'check';
  perSandboxUid: boolean;
}
