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
  it('should report what was done and exit 130 on Ctrl-C during a run', async () => {
    const model = await createScriptedModel({
      pace: { tokensPerSecond: 100 },
    });
    try {
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
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', chunk => (stderr += String(chunk)));
      child.stdout.on('data', chunk => {
        stdout += String(chunk);
        // The first task is done: the user presses Ctrl-C.
        if (stdout.includes('[1/7]') && !child.killed) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>(resolve =>
        child.on('close', resolve),
      );
      expect(code).toBe(130);
      expect(stderr).toContain('interrupted; finishing the report');
      expect(stdout).toMatch(/Interrupted \(Ctrl-C\) after \d+ of 7 tasks/);
      expect(stdout).toContain('composite');
    } finally {
      await model.close();
    }
  });
});
