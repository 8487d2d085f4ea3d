import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('should say that bubblewrap >= 0.8.0 is required when bwrap does not know --disable-userns', async () => {
    // What bubblewrap 0.6 answers: its version, or the unknown option.
    const directory = mkdtempSync(join(tmpdir(), 'janus-old-bwrap-'));
    const oldBwrap = join(directory, 'bwrap');
    writeFileSync(
      oldBwrap,
      '#!/bin/sh\n' +
        'if [ "$1" = --version ]; then echo "bubblewrap 0.6.1"; exit 0; fi\n' +
        'for arg; do [ "$arg" = --disable-userns ] && { echo "bwrap: Unknown option --disable-userns" >&2; exit 1; }; done\n' +
        'exit 0\n',
    );
    chmodSync(directory, 0o755);
    chmodSync(oldBwrap, 0o755);
    try {
      const probe = probeBwrap({
        bwrapPath: oldBwrap,
        uid: process.getuid?.() === 0 ? 2_000_123 : undefined,
        onUidFallback: () => {},
      });
      await expect(probe).rejects.toThrow(
        /bubblewrap >= 0\.8\.0 is required.*found bubblewrap 0\.6\.1/,
      );
      await expect(probe).rejects.not.toThrow(/user namespaces/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
