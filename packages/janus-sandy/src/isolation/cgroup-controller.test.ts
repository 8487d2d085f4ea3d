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
});
