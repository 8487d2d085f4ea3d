import { execFile } from 'node:child_process';
import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How `/workspace` (and `/tmp`) of a sandbox are stored and their size enforced. */
export type WorkspaceQuotaMode =
  /** A host tmpfs mounted with `size=`: the kernel enforces the quota exactly. */
  | 'tmpfs'
  /** A plain host directory: `RLIMIT_FSIZE` per file plus usage checks on API writes. */
  | 'check';

/** The host side of one sandbox's storage. */
export interface WorkspaceStorage {
  /** Host directory holding `workspace/` and `tmp/` (the tmpfs mount point in `tmpfs` mode). */
  directory: string;
  /** Bound at `/workspace` inside the sandbox. */
  workspaceDirectory: string;
  /** Bound at `/tmp` inside the sandbox. */
  tmpDirectory: string;
  mode: WorkspaceQuotaMode;
}

/**
 * Creates a sandbox's storage under `directory`: in `tmpfs` mode a size-capped
 * tmpfs (`nosuid,nodev`, owned by the sandbox uid) is mounted there first.
 */
export async function createWorkspaceStorage(options: {
  directory: string;
  mode: WorkspaceQuotaMode;
  diskBytes: number;
  uid?: number;
}): Promise<WorkspaceStorage> {
  const { directory, mode, uid } = options;
  await mkdir(directory, { mode: 0o700 });
  const storage: WorkspaceStorage = {
    directory,
    workspaceDirectory: join(directory, 'workspace'),
    tmpDirectory: join(directory, 'tmp'),
    mode,
  };
  try {
    if (mode === 'tmpfs') {
      const owner = uid === undefined ? '' : `,uid=${uid},gid=${uid}`;
      // One inode per 4 KiB of quota stops inode exhaustion as a way around `size=`.
      const inodes = Math.max(1024, Math.floor(options.diskBytes / 4096));
      await run('mount', [
        '-t',
        'tmpfs',
        '-o',
        `size=${options.diskBytes},nr_inodes=${inodes},mode=0700,nosuid,nodev${owner}`,
        'tmpfs',
        directory,
      ]);
    }
    for (const path of [storage.workspaceDirectory, storage.tmpDirectory]) {
      await mkdir(path, { mode: 0o755 });
      if (uid !== undefined) await chown(path, uid, uid);
    }
    if (uid !== undefined && mode === 'check') await chown(directory, uid, uid);
  } catch (error) {
    await removeWorkspaceStorage(storage);
    throw error;
  }
  return storage;
}

/** Unmounts (in `tmpfs` mode) and deletes a sandbox's storage. Never follows symlinks. */
export async function removeWorkspaceStorage(
  storage: WorkspaceStorage,
): Promise<void> {
  if (storage.mode === 'tmpfs') {
    await run('umount', [storage.directory]).catch(() =>
      // Busy: terminate has waited for the sandbox's commands to end, so
      // this is mostly a file API call still holding a descriptor in it.
      // Detach now; the memory is freed when it is released.
      run('umount', ['-l', storage.directory]).catch(() => {}),
    );
  }
  await rm(storage.directory, { recursive: true, force: true });
}

/**
 * Whether this process can mount a tmpfs (root or CAP_SYS_ADMIN), probed once
 * by mounting and unmounting one under `probeDirectory`.
 */
export async function canMountTmpfs(probeDirectory: string): Promise<boolean> {
  try {
    await mkdir(probeDirectory, { recursive: true });
    await run('mount', [
      '-t',
      'tmpfs',
      '-o',
      'size=4096',
      'tmpfs',
      probeDirectory,
    ]);
    await run('umount', [probeDirectory]);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probeDirectory, { recursive: true, force: true }).catch(() => {});
  }
}
