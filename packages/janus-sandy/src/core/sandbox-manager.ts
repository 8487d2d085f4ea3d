/**
 * The core of @janus/sandy: sandbox lifecycle, command execution, files,
 * TTL reaping and capacity. An orchestrator, so longer than most files
 * (STYLE.md 2.4); isolation details live in `../isolation/`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chownSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ExecRequest,
  type ExecResult,
  type FileListResponse,
  JanusError,
  type SandboxCreateRequest,
  type SandboxInfo,
} from '@janus/protocol';
import {
  openForRead,
  openWorkspaceDirectory,
} from '../files/open-in-workspace';
import { toWorkspacePath } from '../files/to-workspace-path';
import {
  directoryUsage,
  listWorkspace,
  readWorkspaceFile,
  writeWorkspaceFile,
} from '../files/workspace-files';
import { buildLaunchCommand } from '../isolation/build-launch-command';
import {
  createCgroupGroup,
  removeCgroupGroup,
} from '../isolation/cgroup-controller';
import { runCommand } from '../isolation/run-command';
import {
  createWorkspaceStorage,
  removeWorkspaceStorage,
} from '../isolation/workspace-storage';
import { createJsonLogger, type SandyLogger } from '../logger';
import {
  disposeIsolationRuntime,
  type IsolationRuntime,
  initIsolationRuntime,
} from './isolation-runtime';
import { resolveSandboxLimits, type SandboxLimits } from './sandbox-limits';
import type {
  ExecOptions,
  SandboxManagerOptions,
  SandboxManagerStats,
} from './sandbox-manager-options';
import type { SandboxRecord } from './sandbox-record';
import {
  invalidRequest,
  payloadTooLarge,
  sandboxNotFound,
  sandboxTerminated,
} from './sandy-errors';
import { validateEnv } from './validate-env';
import { WarmPool } from './warm-pool';

/** Storage and cgroups made ahead of a create. */
interface PreparedSandbox {
  storage: SandboxRecord['storage'];
  cgroup: SandboxRecord['cgroup'];
}

const maxReadBytes = 64 * 1024 * 1024;

/** How long terminate waits for killed commands to exit before cleaning up. */
const commandExitWaitMs = 5000;

/** Resolves once every promise has settled, or after `ms`, whichever is first. */
async function settledWithin(
  promises: Array<Promise<unknown>>,
  ms: number,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise(resolve => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * A random 1024-aligned range above 2 000 000, so managers running side by
 * side (tests, several services) rarely share uids and with them
 * `RLIMIT_NPROC` counts.
 */
function defaultUidBase(): number {
  return 2_000_000 + randomInt(0, 10_000) * 1024;
}

/**
 * Creates, runs and reaps sandboxes. Starts lazily: the first call probes the
 * host (bubblewrap, cgroups, tmpfs); `ready()` does it eagerly and throws
 * when bubblewrap is required but missing.
 *
 * @example
 * ```ts
 * const manager = new SandboxManager({ limits: { memoryBytes: 256 << 20 } });
 * const { sandboxId } = await manager.create();
 * const result = await manager.exec(sandboxId, { command: 'echo hi' });
 * await manager.close();
 * ```
 */
export class SandboxManager {
  /** The resolved limits. */
  readonly limits: SandboxLimits;
  private readonly options: SandboxManagerOptions;
  private readonly logger: SandyLogger;
  private readonly records = new Map<string, SandboxRecord>();
  private readonly slots: boolean[];
  private runtimePromise: Promise<IsolationRuntime> | undefined;
  private reaper: ReturnType<typeof setInterval> | undefined;
  private pool!: WarmPool<PreparedSandbox>;
  private closed = false;

  constructor(options: SandboxManagerOptions = {}) {
    this.options = options;
    this.logger = options.logger ?? createJsonLogger();
    this.limits = resolveSandboxLimits(options.limits);
    this.slots = new Array(options.maxSandboxes ?? 64).fill(false);
  }

  /** Probes the host once; rejects when the isolation cannot be provided. */
  ready(): Promise<IsolationRuntime> {
    this.runtimePromise ??= initIsolationRuntime({
      isolation: this.options.isolation ?? 'bwrap',
      bwrapPath: this.options.bwrapPath,
      rootDirectory:
        this.options.rootDirectory ?? join(tmpdir(), 'janus-sandy'),
      cgroups: this.options.cgroups ?? 'auto',
      workspaceQuota: this.options.workspaceQuota ?? 'auto',
      sandboxUids: this.options.sandboxUids ?? 'auto',
      uidBase: this.options.uidBase ?? defaultUidBase(),
      maxSandboxes: this.slots.length,
      rlimitTool: this.options._internal?.rlimitTool,
      seccomp: this.options.seccomp,
      logger: this.logger,
    }).then(runtime => {
      this.pool = new WarmPool({
        size: this.options.warmPoolSize ?? 4,
        prepare: () => this.prepare(runtime),
        dispose: item => this.disposePrepared(item),
        logger: this.logger,
      });
      this.pool.fill();
      this.reaper = setInterval(
        () => void this.reap(),
        this.options.reaperIntervalMs ?? 1000,
      );
      this.reaper.unref();
      return runtime;
    });
    return this.runtimePromise;
  }

  /** Creates a sandbox; 429 `over_capacity` when `maxSandboxes` are running. */
  async create(request: SandboxCreateRequest = {}): Promise<SandboxInfo> {
    const runtime = await this.ready();
    if (this.closed)
      throw new JanusError({
        message: 'Sandy is shutting down',
        code: 'upstream_unavailable',
      });
    const env = validateEnv(request.env, 'env');
    const slot = this.slots.indexOf(false);
    if (slot === -1)
      throw new JanusError({
        message: `Sandy is at capacity (${this.slots.length} sandboxes); terminate one or retry later`,
        code: 'over_capacity',
      });
    this.slots[slot] = true;
    const id = `sbx_${randomBytes(12).toString('hex')}`;
    const uid =
      runtime.uidBase === undefined ? undefined : runtime.uidBase + slot;
    const maxTtl = this.options.maxTtlSeconds ?? 86_400;
    const ttlSeconds = Math.min(
      request.ttl_seconds ?? this.options.defaultTtlSeconds ?? 600,
      maxTtl,
    );
    let prepared: PreparedSandbox | undefined;
    try {
      prepared = await this.pool.take();
      if (this.closed)
        throw new JanusError({
          message: 'Sandy is shutting down',
          code: 'upstream_unavailable',
        });
      const { storage, cgroup } = prepared;
      if (uid !== undefined) {
        // Prepared sandboxes belong to root until handed out: now the uid owns
        // them. Five chown syscalls, done synchronously: through the thread
        // pool they cost milliseconds on a busy host.
        for (const path of [
          storage.directory,
          storage.workspaceDirectory,
          storage.tmpDirectory,
          ...(cgroup?.procsFiles ?? []),
        ])
          chownSync(path, uid, uid);
      }
      const createdAt = new Date();
      const record: SandboxRecord = {
        id,
        createdAt,
        timeoutAt: new Date(createdAt.getTime() + ttlSeconds * 1000),
        ttlSeconds,
        status: 'running',
        slot,
        uid,
        storage,
        root: { directory: storage.workspaceDirectory, uid },
        cgroup,
        env,
        running: new Map(),
        agentRun: null,
      };
      this.records.set(id, record);
      this.logger.debug('sandbox created', { sandboxId: id, ttlSeconds });
      return this.describe(record);
    } catch (error) {
      if (prepared) await this.disposePrepared(prepared);
      this.slots[slot] = false;
      throw error;
    }
  }

  /** The sandbox's info (also for terminated ones, until forgotten). */
  get(id: string): SandboxInfo {
    return this.describe(this.lookup(id));
  }

  /** Throws 404 for an unknown sandbox and 409 for a terminated one. */
  assertRunning(id: string): void {
    this.requireRunning(id);
  }

  /** Runs one shell command in the sandbox. */
  async exec(
    id: string,
    request: ExecRequest,
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const runtime = await this.ready();
    const record = this.requireRunning(id);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    const run = this.runInSandbox(runtime, record, request, {
      onOutput: options.onOutput,
      signal: controller.signal,
    });
    // Registered before anything else can run (runInSandbox has not passed
    // its first await yet): a terminate from here on aborts this command and
    // waits for it.
    record.running.set(
      controller,
      run.catch(() => {}),
    );
    try {
      return await run;
    } finally {
      record.running.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The body of {@link exec}: checks `cwd`, then launches the command. */
  private async runInSandbox(
    runtime: IsolationRuntime,
    record: SandboxRecord,
    request: ExecRequest,
    options: { onOutput: ExecOptions['onOutput']; signal: AbortSignal },
  ): Promise<ExecResult> {
    if (request.command.includes('\0'))
      throw invalidRequest('command must not contain NUL bytes', 'command');
    const cwd = toWorkspacePath(request.cwd ?? '', { param: 'cwd' });
    if (cwd !== '') {
      const directory = await openWorkspaceDirectory(
        record.root,
        cwd.split('/'),
        { create: false, path: cwd.split('/') },
      ).catch(() => {
        throw invalidRequest(
          `cwd '${request.cwd}' is not a directory in /workspace`,
          'cwd',
        );
      });
      await directory.close();
    }
    // A terminate during the awaits above has removed the storage and the
    // cgroups: never launch into them. From here to the spawn in runCommand
    // nothing awaits, so no terminate can slip in between.
    if (record.status !== 'running')
      throw sandboxTerminated(
        record.id,
        record.terminatedReason ?? 'terminated',
      );
    const requestEnv = validateEnv(request.env, 'env');
    const timeoutMs = Math.min(
      request.timeoutMs ?? this.limits.execTimeoutMs,
      this.limits.maxExecTimeoutMs,
    );
    const isolated = runtime.isolation === 'bwrap';
    const env = {
      PATH: isolated
        ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
        : (process.env.PATH ?? '/usr/bin:/bin'),
      HOME: isolated ? '/workspace' : record.storage.workspaceDirectory,
      TMPDIR: isolated ? '/tmp' : record.storage.tmpDirectory,
      LANG: 'C.UTF-8',
      USER: 'sandbox',
      ...this.options.env,
      ...record.env,
      ...requestEnv,
    };
    const launch = buildLaunchCommand({
      isolation: runtime.isolation,
      bwrapPath: runtime.bwrapPath,
      prlimitPath: runtime.prlimitPath,
      shellUlimits: runtime.shellUlimits,
      seccompFilter: runtime.seccompFilter,
      systemBinds: runtime.systemBinds,
      storage: record.storage,
      cwd,
      env,
      command: request.command,
      rlimits: {
        cpuSeconds: this.limits.cpuSeconds,
        openFiles: this.limits.openFiles,
        fileSizeBytes:
          runtime.quotaMode === 'check' ? this.limits.diskBytes : undefined,
        addressSpaceBytes: runtime.cgroups.memoryParent
          ? undefined
          : this.limits.memoryBytes,
        processes: runtime.cgroups.pidsParent ? undefined : this.limits.pids,
      },
      cgroupProcsFiles: record.cgroup?.procsFiles ?? [],
      uid: record.uid,
      maskedFds: runtime.maskedFds,
    });
    return runCommand({
      launch,
      timeoutMs,
      outputBytes: this.limits.outputBytes,
      onOutput: options.onOutput,
      signal: options.signal,
    });
  }

  /** Writes a file (bytes) below `/workspace`. */
  async writeFile(
    id: string,
    options: { path: string; content: Uint8Array },
  ): Promise<{ path: string; size: number }> {
    const runtime = await this.ready();
    const record = this.requireRunning(id);
    const relative = toWorkspacePath(options.path);
    const size = options.content.byteLength;
    if (size > this.limits.diskBytes)
      throw payloadTooLarge(`File of ${size} bytes exceeds the disk quota`);
    if (
      runtime.quotaMode === 'check' &&
      (await directoryUsage(record.storage.directory)) + size >
        this.limits.diskBytes
    )
      throw payloadTooLarge(
        `Writing '${relative}' exceeds the sandbox disk quota of ${this.limits.diskBytes} bytes`,
      );
    await writeWorkspaceFile(record.root, relative, options.content);
    return { path: `/workspace/${relative}`, size };
  }

  /** Reads a whole file below `/workspace` (413 above 64 MiB). */
  async readFile(
    id: string,
    path: string,
  ): Promise<{ path: string; content: Uint8Array }> {
    const record = this.requireRunning(id);
    const relative = toWorkspacePath(path);
    const content = await readWorkspaceFile(record.root, relative, {
      maxBytes: maxReadBytes,
    });
    return { path: `/workspace/${relative}`, content };
  }

  /** Opens a file for streaming (artifacts); the caller closes the handle. */
  async openFile(id: string, path: string): Promise<FileHandle> {
    const record = this.requireRunning(id);
    return openForRead(record.root, toWorkspacePath(path));
  }

  /** Lists a directory below `/workspace`. */
  async listFiles(
    id: string,
    options: { path?: string; recursive?: boolean } = {},
  ): Promise<FileListResponse> {
    const record = this.requireRunning(id);
    const relative = toWorkspacePath(options.path ?? '');
    return listWorkspace(record.root, relative, {
      recursive: options.recursive ?? false,
      maxEntries: 10_000,
    });
  }

  /** Extends the TTL from now (by `ttlSeconds`, default the sandbox's own TTL). */
  refresh(id: string, ttlSeconds?: number): SandboxInfo {
    const record = this.requireRunning(id);
    if (ttlSeconds !== undefined)
      record.ttlSeconds = Math.min(
        ttlSeconds,
        this.options.maxTtlSeconds ?? 86_400,
      );
    record.timeoutAt = new Date(Date.now() + record.ttlSeconds * 1000);
    return this.describe(record);
  }

  /** Marks the sandbox's agent run (one at a time; 409 when one is running). */
  startAgentRun(id: string): { signal: AbortSignal; done: () => void } {
    const record = this.requireRunning(id);
    if (record.agentRun)
      throw new JanusError({
        message: `An agent is already running in '${id}'`,
        code: 'conflict',
      });
    const controller = new AbortController();
    record.agentRun = controller;
    return {
      signal: controller.signal,
      done: () => {
        if (record.agentRun === controller) record.agentRun = null;
      },
    };
  }

  /** Cancels the running agent; returns whether one was running. */
  cancelAgentRun(id: string): boolean {
    const record = this.requireRunning(id);
    const run = record.agentRun;
    run?.abort(
      new JanusError({
        message: 'The agent run was cancelled',
        code: 'cancelled',
      }),
    );
    return run !== null;
  }

  /**
   * Terminates: kills every process, removes the cgroups and the workspace.
   * Idempotent; the sandbox then answers 409 until forgotten.
   */
  async terminate(id: string, reason = 'terminated'): Promise<SandboxInfo> {
    const record = this.lookup(id);
    if (record.status === 'terminated') return this.describe(record);
    record.status = 'terminated';
    record.terminatedReason = reason;
    record.terminatedAt = Date.now();
    record.agentRun?.abort(
      new JanusError({
        message: `The sandbox was ${reason}`,
        code: 'cancelled',
      }),
    );
    for (const controller of record.running.keys()) controller.abort();
    // A killed command settles once every process holding its output pipes
    // has exited: only then are its storage and cgroups taken away (and the
    // uid handed to a new sandbox). Bounded, in case one outlives the kill
    // (`isolation: 'none'` has no PID namespace); the cgroup removal below
    // kills whatever is left in the groups.
    await settledWithin([...record.running.values()], commandExitWaitMs);
    try {
      if (record.cgroup) await removeCgroupGroup(record.cgroup);
    } catch (error) {
      this.logger.error('sandbox cgroup removal failed', {
        sandboxId: id,
        error: String(error),
      });
    }
    try {
      await removeWorkspaceStorage(record.storage);
    } catch (error) {
      this.logger.error('sandbox storage removal failed', {
        sandboxId: id,
        error: String(error),
      });
    } finally {
      this.slots[record.slot] = false;
    }
    this.logger.debug('sandbox terminated', { sandboxId: id, reason });
    return this.describe(record);
  }

  /** Counts and enforcement mechanisms, for `/health`. */
  async stats(): Promise<SandboxManagerStats> {
    const runtime = await this.ready();
    return {
      active: this.slots.filter(Boolean).length,
      max: this.slots.length,
      isolation: runtime.isolation,
      memoryLimit: runtime.cgroups.memoryParent ? 'cgroup' : 'rlimit',
      pidsLimit: runtime.cgroups.pidsParent
        ? 'cgroup'
        : runtime.uidBase !== undefined || process.getuid?.() !== 0
          ? 'rlimit'
          : 'none',
      diskQuota: runtime.quotaMode,
      perSandboxUid: runtime.uidBase !== undefined,
    };
  }

  /** Terminates every sandbox and releases the host resources. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.reaper);
    if (!this.runtimePromise) return;
    const runtime = await this.runtimePromise.catch(() => null);
    await Promise.all(
      [...this.records.values()]
        .filter(record => record.status === 'running')
        .map(record => this.terminate(record.id, 'shutdown')),
    );
    await this.pool?.close();
    if (runtime)
      await disposeIsolationRuntime(runtime).catch((error: unknown) =>
        this.logger.error('releasing the host resources failed', {
          error: String(error),
        }),
      );
  }

  /** Mounts storage and makes cgroups for a future sandbox (owned by root until handed out). */
  private async prepare(runtime: IsolationRuntime): Promise<PreparedSandbox> {
    const name = `sbx-${randomBytes(8).toString('hex')}`;
    const storage = await createWorkspaceStorage({
      directory: join(runtime.instanceDirectory, name),
      mode: runtime.quotaMode,
      diskBytes: this.limits.diskBytes,
    });
    try {
      const cgroup =
        runtime.cgroups.memoryParent || runtime.cgroups.pidsParent
          ? await createCgroupGroup({
              support: runtime.cgroups,
              name,
              // Pages of a tmpfs are charged to the memory cgroup of the
              // process that writes them, so a full workspace would leave
              // its processes no memory at all (every command OOM-killed,
              // even `rm`): the group holds the processes plus the tmpfs.
              memoryBytes:
                this.limits.memoryBytes +
                (runtime.quotaMode === 'tmpfs' ? this.limits.diskBytes : 0),
              pids: this.limits.pids,
            })
          : null;
      return { storage, cgroup };
    } catch (error) {
      await removeWorkspaceStorage(storage);
      throw error;
    }
  }

  /** Releases unused storage and cgroups; failures are logged, never thrown. */
  private async disposePrepared(item: PreparedSandbox): Promise<void> {
    const log = (error: unknown) =>
      this.logger.error('releasing a prepared sandbox failed', {
        error: String(error),
      });
    if (item.cgroup) await removeCgroupGroup(item.cgroup).catch(log);
    await removeWorkspaceStorage(item.storage).catch(log);
  }

  private async reap(): Promise<void> {
    const now = Date.now();
    const tombstoneMs = (this.options.tombstoneSeconds ?? 3600) * 1000;
    for (const record of this.records.values()) {
      if (record.status === 'running' && record.timeoutAt.getTime() <= now)
        await this.terminate(record.id, 'expired');
      else if (
        record.status === 'terminated' &&
        now - (record.terminatedAt ?? now) > tombstoneMs
      )
        this.records.delete(record.id);
    }
  }

  private lookup(id: string): SandboxRecord {
    const record = this.records.get(id);
    if (!record) throw sandboxNotFound(id);
    return record;
  }

  private requireRunning(id: string): SandboxRecord {
    const record = this.lookup(id);
    if (record.status !== 'running')
      throw sandboxTerminated(id, record.terminatedReason ?? 'terminated');
    return record;
  }

  private describe(
    record: SandboxRecord,
  ): SandboxInfo & { ttl_remaining: number } {
    return {
      sandboxId: record.id,
      url: null,
      createdAt: record.createdAt.toISOString(),
      timeoutAt: record.timeoutAt.toISOString(),
      status: record.status,
      ttl_remaining:
        record.status === 'running'
          ? Math.max(
              0,
              Math.round((record.timeoutAt.getTime() - Date.now()) / 1000),
            )
          : 0,
    };
  }
}
