import type { WorkspaceRoot } from '../files/open-in-workspace';
import type { CgroupGroup } from '../isolation/cgroup-controller';
import type { WorkspaceStorage } from '../isolation/workspace-storage';

/** Lifecycle state of a sandbox. */
export type SandboxStatus = 'running' | 'terminated';

/**
 * The manager's bookkeeping for one sandbox.
 *
 * @internal
 */
export interface SandboxRecord {
  id: string;
  createdAt: Date;
  timeoutAt: Date;
  ttlSeconds: number;
  status: SandboxStatus;
  /** Why it ended: `terminated` (a client asked), `expired` (TTL) or `shutdown`. */
  terminatedReason?: string;
  terminatedAt?: number;
  /** Index in the uid/capacity table. */
  slot: number;
  uid?: number;
  storage: WorkspaceStorage;
  root: WorkspaceRoot;
  cgroup: CgroupGroup | null;
  /** Environment given at create, applied to every command. */
  env: Record<string, string>;
  /**
   * One entry per command between its status check and its end: the
   * controller terminate aborts, and the command's settlement it waits for.
   */
  running: Map<AbortController, Promise<unknown>>;
  /** The running agent, if any. */
  agentRun: AbortController | null;
}
