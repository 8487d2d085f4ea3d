import { describe, expect, it } from 'vitest';
import { findExecutable } from './find-executable';
import { probeBwrap } from './probe-bwrap';

describe('probeBwrap', () => {
  it('should confirm that bubblewrap works, as a per-sandbox uid when root', async () => {
    const fallbacks: string[] = [];
    const isRoot = process.getuid?.() === 0;
    const result = await probeBwrap({
      bwrapPath: findExecutable('bwrap')!,
      uid: isRoot ? 2_000_123 : undefined,
      onUidFallback: reason => void fallbacks.push(reason),
    });
    expect(result.perSandboxUid).toBe(isRoot);
    expect(fallbacks).toEqual([]);
  });

  it('should fall back from the uid and then refuse with a clear message when namespaces fail', async () => {
    const fallbacks: string[] = [];
    await expect(
      probeBwrap({
        bwrapPath: '/bin/false',
        uid: process.getuid?.() === 0 ? 2_000_123 : undefined,
        onUidFallback: reason => void fallbacks.push(reason),
      }),
    ).rejects.toThrow(
      /bubblewrap cannot create the sandbox namespaces on this host: .*user namespaces/,
    );
    if (process.getuid?.() === 0) expect(fallbacks).toHaveLength(1);
  });
});
