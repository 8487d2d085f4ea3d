import { spawn } from 'node:child_process';
import { createScriptedModel } from '@janus/competitor-kit/testing';
import { describe, expect, it } from 'vitest';

const bin = new URL('./janus-bench.ts', import.meta.url).pathname;

describe('janus-bench bin', () => {
  it('should exit quietly when the reader of its output goes away (| head)', async () => {
    const model = await createScriptedModel({
      pace: { firstTokenDelayMs: 20 },
    });
    try {
      // Like `janus-bench run … | head -1`: read the first line, then close the pipe.
      const child = spawn(
        process.execPath,
        [
          '--conditions=@janus/source',
          '--import',
          'tsx',
          bin,
          'run',
          '--target',
          model.url,
          '--subset',
          '1',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', chunk => (stderr += String(chunk)));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>(resolve =>
        child.on('close', resolve),
      );
      expect(stderr).not.toContain('EPIPE');
      expect(code).toBe(0);
    } finally {
      await model.close();
    }
  });
});
