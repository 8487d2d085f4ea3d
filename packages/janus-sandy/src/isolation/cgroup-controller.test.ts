import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandyLogger } from '../logger';
import { detectCgroupSupport } from './cgroup-controller';

function createRecordingLogger() {
  const warnings: string[] = [];
  const drop = () => {};
  const logger: SandyLogger = {
    debug: drop,
    info: drop,
    error: drop,
    warn: message => void warnings.push(message),
  };
  return { logger, warnings };
}

describe('detectCgroupSupport', () => {
  it('should fall back to rlimits with a clear warning when cgroups are not writable', async () => {
    const { logger, warnings } = createRecordingLogger();
    const support = await detectCgroupSupport({
      instanceId: 'test',
      logger,
      root: '/dev/null/cgroup',
    });
    expect(support).toEqual({ memoryParent: null, pidsParent: null });
    expect(warnings).toHaveLength(2);
    for (const warning of warnings)
      expect(warning).toMatch(
        /cgroup v1 '(memory|pids)' controller (is not writable at .* \(ENOTDIR\)|not found); falling back to rlimits/,
      );
  });

  it('should remove groups left behind by a dead service process', async () => {
    const root = mkdtempSync(join(tmpdir(), 'janus-sandy-cgroup-'));
    try {
      const own =
        /^\d+:pids:(.*)$/m.exec(
          readFileSync('/proc/self/cgroup', 'utf8'),
        )?.[1] ?? '/';
      const stale = join(root, 'pids', own, 'janus-sandy-999999999-dead00');
      mkdirSync(join(stale, 'sbx-old'), { recursive: true });
      const { logger } = createRecordingLogger();
      const support = await detectCgroupSupport({
        instanceId: `${process.pid}-test`,
        logger,
        root,
      });
      expect(support.pidsParent).toBe(
        join(root, 'pids', own, `janus-sandy-${process.pid}-test`),
      );
      expect(existsSync(stale)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
