import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger';
import {
  disposeIsolationRuntime,
  type IsolationRuntimeOptions,
  initIsolationRuntime,
} from './isolation-runtime';

const scratch: string[] = [];
const makeDirectory = (mode: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'janus-sandy-runtime-'));
  chmodSync(directory, mode);
  scratch.push(directory);
  return directory;
};
const runtimeOptions = (rootDirectory: string): IsolationRuntimeOptions => ({
  isolation: 'bwrap',
  rootDirectory,
  cgroups: 'off',
  workspaceQuota: 'check',
  sandboxUids: 'auto',
  uidBase: 2_000_000,
  maxSandboxes: 2,
  logger: createSilentLogger(),
});
const modeOf = (path: string) => statSync(path).mode & 0o7777;
const isRoot = process.getuid?.() === 0;

afterEach(() => {
  for (const directory of scratch.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

describe('initIsolationRuntime', { timeout: 30_000 }, () => {
  it("should leave an existing root directory's mode alone (--root-dir /tmp)", async () => {
    // Like /tmp: everyone may write, sticky.
    const shared = makeDirectory(0o1777);
    const runtime = await initIsolationRuntime(runtimeOptions(shared));
    expect(modeOf(shared)).toBe(0o1777);
    expect(modeOf(runtime.instanceDirectory)).toBe(0o711);
    await disposeIsolationRuntime(runtime);
    expect(modeOf(shared)).toBe(0o1777);
  });

  it('should make a root directory it creates (and its new parents) traversable by sandbox uids', async () => {
    const parent = makeDirectory(0o755);
    const root = join(parent, 'new', 'root');
    const runtime = await initIsolationRuntime(runtimeOptions(root));
    expect(modeOf(join(parent, 'new'))).toBe(0o711);
    expect(modeOf(root)).toBe(0o711);
    await disposeIsolationRuntime(runtime);
  });

  it.runIf(isRoot)(
    'should refuse, without changing it, a root directory sandbox uids cannot traverse',
    async () => {
      const closed = makeDirectory(0o700);
      await expect(
        initIsolationRuntime(runtimeOptions(closed)),
      ).rejects.toThrow(
        `rootDirectory '${closed}' cannot be used: sandbox uids cannot traverse ${closed} (mode 700)`,
      );
      expect(modeOf(closed)).toBe(0o700);
      // Below it too, and without sandbox uids it is fine as it is.
      await expect(
        initIsolationRuntime(runtimeOptions(join(closed, 'root'))),
      ).rejects.toThrow(`sandbox uids cannot traverse ${closed} (mode 700)`);
      const runtime = await initIsolationRuntime({
        ...runtimeOptions(closed),
        sandboxUids: 'off',
      });
      expect(modeOf(closed)).toBe(0o700);
      await disposeIsolationRuntime(runtime);
    },
  );

  it('should remove only directories that are instances of a dead service', async () => {
    const root = makeDirectory(0o711);
    const deadPid = '999999999';
    const stale = join(root, `${deadPid}-abcdef`);
    mkdirSync(join(stale, 'sbx-0123456789abcdef', 'workspace'), {
      recursive: true,
    });
    writeFileSync(join(stale, 'owner.pid'), deadPid);
    // Someone else's directories that merely hold an owner.pid of a dead process.
    const lookalikes = ['backup', `${deadPid}-abcdef-copy`, '123-abcdef'];
    for (const name of lookalikes) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'owner.pid'), deadPid);
      writeFileSync(join(root, name, 'data.txt'), 'keep me');
    }
    const runtime = await initIsolationRuntime(runtimeOptions(root));
    expect(existsSync(stale)).toBe(false);
    for (const name of lookalikes)
      expect(existsSync(join(root, name, 'data.txt')), name).toBe(true);
    await disposeIsolationRuntime(runtime);
  });
});
