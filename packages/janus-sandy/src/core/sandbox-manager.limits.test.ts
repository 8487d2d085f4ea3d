import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestManager, findHostProcesses } from '../internal/test-manager';

const MiB = 1024 * 1024;
const managers: Array<ReturnType<typeof createTestManager>> = [];
const setup = (options: Parameters<typeof createTestManager>[0] = {}) => {
  const created = createTestManager(options);
  managers.push(created);
  return created.manager;
};

afterAll(async () => {
  for (const { manager, rootDirectory } of managers) {
    await manager.close();
    rmSync(rootDirectory, { recursive: true, force: true });
  }
});

// Generous: CPU-time and fork-bomb tests are slow on a loaded 2-core machine.
describe('SandboxManager limits', { timeout: 60_000 }, () => {
  it('should kill the whole process group at the wall timeout', async () => {
    const manager = setup();
    const { sandboxId } = await manager.create();
    const result = await manager.exec(sandboxId, {
      command: 'sleep 317 & sleep 317; wait',
      timeoutMs: 1000,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(result.durationMs).toBeLessThan(10_000);
    await vi.waitFor(
      () => expect(findHostProcesses(['sleep', '317'])).toEqual([]),
      { timeout: 5000 },
    );
  });

  for (const rlimitTool of ['auto', 'prlimit'] as const) {
    it(`should stop a busy loop at the CPU time limit (rlimits via ${rlimitTool})`, async () => {
      const manager = setup({
        limits: { cpuSeconds: 1 },
        _internal: { rlimitTool },
      });
      const { sandboxId } = await manager.create();
      const result = await manager.exec(sandboxId, {
        command: 'while :; do :; done',
        timeoutMs: 30_000,
      });
      expect(result.timedOut).toBe(false);
      // RLIMIT_CPU is set with soft = hard, and the kernel checks the hard
      // limit first: SIGKILL (137), never SIGXCPU's 152 (docs/sandy.md).
      expect(result.exitCode).toBe(137);
    });
  }

  it('should cap output per stream and flag it', async () => {
    const manager = setup({ limits: { outputBytes: 1000 } });
    const { sandboxId } = await manager.create();
    const result = await manager.exec(sandboxId, {
      command: "head -c 50000 /dev/zero | tr '\\0' a; echo small >&2",
    });
    expect(result.stdout).toHaveLength(1000);
    expect(result.stderr).toBe('small\n');
    expect(result.truncated).toBe(true);
    expect(result.exitCode).toBe(0);
  });

  for (const cgroups of ['auto', 'off'] as const) {
    describe(`with cgroups ${cgroups}`, () => {
      it('should fail a 1 GiB allocation under a 256 MiB limit and keep working', async () => {
        const manager = setup({ cgroups, limits: { memoryBytes: 256 * MiB } });
        const stats = await manager.stats();
        expect(stats.memoryLimit).toEqual(
          cgroups === 'off' ? 'rlimit' : expect.any(String),
        );
        const { sandboxId } = await manager.create();
        const result = await manager.exec(sandboxId, {
          command: `python3 -c "data = b'x' * (1 << 30); print('allocated', len(data))"`,
          timeoutMs: 30_000,
        });
        expect(result.stdout).not.toContain('allocated');
        expect(result.exitCode).not.toBe(0);
        const small = await manager.exec(sandboxId, {
          command: `python3 -c "data = b'x' * (32 << 20); print('allocated', len(data))"`,
        });
        expect(small.stdout).toBe(`allocated ${32 * MiB}\n`);
      });

      it('should contain a fork bomb while the service stays responsive', async () => {
        const manager = setup({ cgroups, limits: { pids: 64 } });
        const stats = await manager.stats();
        expect(stats.pidsLimit).not.toBe('none');
        const bombed = await manager.create();
        const bystander = await manager.create();
        const bomb = manager.exec(bombed.sandboxId, {
          command: 'bomb() { bomb | bomb & }; bomb; sleep 2',
          timeoutMs: 3000,
        });
        await new Promise(resolve => setTimeout(resolve, 500));
        const alive = await manager.exec(bystander.sandboxId, {
          command: 'echo alive',
        });
        expect(alive.stdout).toBe('alive\n');
        const result = await bomb;
        expect(result.durationMs).toBeLessThan(15_000);
        // Every bomb process is gone: the sandbox can fork again.
        await vi.waitFor(
          async () =>
            expect(
              (
                await manager.exec(bombed.sandboxId, {
                  command: 'echo recovered',
                })
              ).stdout,
            ).toBe('recovered\n'),
          { timeout: 10_000, interval: 200 },
        );
      });
    });
  }

  for (const [workspaceQuota, rlimitTool] of [
    ['auto', 'auto'],
    ['check', 'auto'],
    ['check', 'prlimit'],
  ] as const) {
    it(`should enforce the disk quota (${workspaceQuota}, rlimits via ${rlimitTool})`, async () => {
      const manager = setup({
        workspaceQuota,
        limits: { diskBytes: 8 * MiB },
        _internal: { rlimitTool },
      });
      const { sandboxId } = await manager.create();
      const result = await manager.exec(sandboxId, {
        command: 'head -c 16777216 /dev/zero > big.bin',
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(
        /No space left on device|File size limit exceeded/,
      );
      await manager.exec(sandboxId, { command: 'rm -f big.bin' });
      await expect(
        manager.writeFile(sandboxId, {
          path: 'too-big.bin',
          content: new Uint8Array(9 * MiB),
        }),
      ).rejects.toMatchObject({ code: 'payload_too_large' });
      await expect(
        manager.writeFile(sandboxId, {
          path: 'fits.bin',
          content: new Uint8Array(MiB),
        }),
      ).resolves.toMatchObject({
        size: MiB,
      });
    });
  }

  it('should answer ENOSPC when a command fills the workspace, and keep the sandbox usable', async () => {
    // A workspace tmpfs is charged to the memory cgroup of whoever writes to
    // it: with the memory limit alone, filling it OOM-killed every command.
    const manager = setup({
      limits: { memoryBytes: 64 * MiB, diskBytes: 128 * MiB },
    });
    const { sandboxId } = await manager.create();
    const fill = await manager.exec(sandboxId, {
      command: 'head -c 200M /dev/zero > /workspace/big; echo "head: $?"',
      timeoutMs: 30_000,
    });
    expect(fill).toMatchObject({ exitCode: 0, stdout: 'head: 1\n' });
    expect(fill.stderr).toMatch(/No space left on device/);
    const after = await manager.exec(sandboxId, {
      command: 'python3 -c "print(6 * 7)"; ls -s --block-size=M big',
      timeoutMs: 30_000,
    });
    expect(after).toMatchObject({ exitCode: 0, stdout: '42\n128M big\n' });
  });

  it('should reap sandboxes at the end of their TTL and answer 409 afterwards', async () => {
    const manager = setup({ reaperIntervalMs: 100 });
    const { sandboxId } = await manager.create({ ttl_seconds: 1 });
    const refreshed = manager.refresh(sandboxId);
    expect(refreshed.status).toBe('running');
    await vi.waitFor(
      () => expect(manager.get(sandboxId).status).toBe('terminated'),
      { timeout: 5000, interval: 100 },
    );
    await expect(
      manager.exec(sandboxId, { command: 'true' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('should refuse sandboxes beyond the maximum with over_capacity', async () => {
    const manager = setup({ maxSandboxes: 2 });
    const first = await manager.create();
    await manager.create();
    await expect(manager.create()).rejects.toMatchObject({
      code: 'over_capacity',
    });
    await manager.terminate(first.sandboxId);
    await expect(manager.create()).resolves.toMatchObject({
      status: 'running',
    });
  });
});
