import type { SandboxManager } from '../core/sandbox-manager';

/** Path → size of every file in the workspace (best effort; empty on error). */
export type WorkspaceSnapshot = Map<string, number>;

/** Takes a {@link WorkspaceSnapshot} through the symlink-safe listing. */
export async function snapshotWorkspace(
  manager: SandboxManager,
  sandboxId: string,
): Promise<WorkspaceSnapshot> {
  try {
    const listing = await manager.listFiles(sandboxId, { recursive: true });
    return new Map(
      (listing.entries ?? [])
        .filter(entry => entry.type !== 'directory')
        .map(entry => [entry.path, entry.size]),
    );
  } catch {
    return new Map();
  }
}

/** `files-update` changes between two snapshots (`created`, `modified` by size, `deleted`). */
export function diffSnapshots(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
): Array<{ path: string; changeType: string }> {
  const changes: Array<{ path: string; changeType: string }> = [];
  for (const [path, size] of after) {
    if (!before.has(path))
      changes.push({ path: `/workspace/${path}`, changeType: 'created' });
    else if (before.get(path) !== size)
      changes.push({ path: `/workspace/${path}`, changeType: 'modified' });
  }
  for (const path of before.keys())
    if (!after.has(path))
      changes.push({ path: `/workspace/${path}`, changeType: 'deleted' });
  return changes;
}
