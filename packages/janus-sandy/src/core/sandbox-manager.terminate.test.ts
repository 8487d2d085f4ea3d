import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecResult } from '@janus/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createTestManager, findHostProcesses } from '../internal/test-manager';

const nextTick = () => new Promise(resolve => setImmediate(resolve));
const rounds = 30;

// Generous: every round mounts, runs and tears down a real sandbox.
describe('SandboxManager terminate', { timeout: 120_000 }, () => {
  it('should stop an exec that races terminate: 409 or 137, nothing left running, no cgroup left', async () => {
    const { manager, rootDirectory } = createTestManager({ maxSandboxes: 2 });
    const runtime = await manager.ready();
    try {
      for (let round = 0; round < rounds; round++) {
        const { sandboxId } = await manager.create();
        await manager.exec(sandboxId, { command: 'mkdir -p a/b/c/d/e/f/g/h' });
        const seconds = String(330 + round);
        const exec = manager
          .exec(sandboxId, {
            command: `sleep ${seconds}; echo survived`,
            // The cwd walk is where exec used to await after its status check.
            cwd: 'a/b/c/d/e/f/g/h',
            timeoutMs: 20_000,
          })
          .catch((error: unknown) => error);
        // Terminate at a different point of the exec's start each round (the
        // first rounds during the cwd walk, later ones mostly once it runs),
        // and in the last one surely while the command runs.
        for (let tick = 0; tick < round * 3; tick++) await nextTick();
        if (round === rounds - 1)
          await vi.waitFor(
            () => expect(findHostProcesses(['sleep', seconds])).not.toEqual([]),
            { timeout: 10_000 },
          );
        await manager.terminate(sandboxId);
        // Once terminate has answered, nothing of the sandbox runs.
        expect(findHostProcesses(['sleep', seconds])).toEqual([]);
        const outcome = (await exec) as ExecResult | Error;
        if (outcome instanceof Error)
          expect(outcome).toMatchObject({ code: 'conflict' });
        else
          expect([round, outcome]).toMatchObject([
            round,
            { exitCode: 137, timedOut: false, stdout: '', stderr: '' },
          ]);
      }
    } finally {
      await manager.close();
      rmSync(rootDirectory, { recursive: true, force: true });
    }
    // Every sandbox's groups were removed, so the instance's parents could be.
    for (const parent of [
      runtime.cgroups.memoryParent,
      runtime.cgroups.pidsParent,
    ])
      if (parent) expect(existsSync(parent)).toBe(false);
  });

  it('should remove the instance cgroups at close, with any sandbox group left in them', async () => {
    const { manager, rootDirectory } = createTestManager({ warmPoolSize: 1 });
    const { cgroups } = await manager.ready();
    const parents = [cgroups.memoryParent, cgroups.pidsParent].filter(
      (parent): parent is string => parent !== null,
    );
    await manager.create();
    // As one that a failed removal used to leave behind.
    for (const parent of parents) mkdirSync(join(parent, 'sbx-left-behind'));
    await manager.close();
    rmSync(rootDirectory, { recursive: true, force: true });
    for (const parent of parents) expect(existsSync(parent)).toBe(false);
  });
});
