import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createScriptedModel } from '@janus/competitor-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchReportSchema } from '../report/report-schema';

const bin = new URL('./janus-bench.ts', import.meta.url).pathname;

/** Runs the bin from source; `onSpawn` may close the child's stdout (`| head`). */
async function runBin(
  args: string[],
  onSpawn: (child: ChildProcessByStdio<null, Readable, Readable>) => void,
) {
  const child = spawn(
    process.execPath,
    ['--conditions=@janus/source', '--import', 'tsx', bin, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += String(chunk)));
  onSpawn(child);
  const code = await new Promise<number | null>(resolve =>
    child.on('close', resolve),
  );
  return { code, stderr };
}

describe('janus-bench bin', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'janus-bench-bin-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('should finish the run and write --out when the reader of its output goes away (| head -1)', async () => {
    const model = await createScriptedModel({
      pace: { firstTokenDelayMs: 20 },
    });
    try {
      const out = join(directory, 'head.json');
      // Like `janus-bench run … | head -1`: read the first line, then close the pipe.
      const { code, stderr } = await runBin(
        ['run', '--target', model.url, '--subset', '1', '--out', out],
        child => child.stdout.once('data', () => child.stdout.destroy()),
      );
      expect(stderr).not.toContain('EPIPE');
      expect(code).toBe(0);
      const report = benchReportSchema.parse(
        JSON.parse(await readFile(out, 'utf8')),
      );
      expect(report.competitors[0]!.tasks).toHaveLength(7);
    } finally {
      await model.close();
    }
  });

  it('should exit 1 when stdout closed before the --json report, saying where the report is', async () => {
    const model = await createScriptedModel({});
    try {
      const out = join(directory, 'json.json');
      const { code, stderr } = await runBin(
        ['run', '--target', model.url, '--subset', '1', '--json', '-o', out],
        child => child.stdout.destroy(),
      );
      expect(code).toBe(1);
      expect(stderr).toContain(
        `janus-bench: --json: stdout was closed before the report was printed; it is in ${out}`,
      );
      expect(existsSync(out)).toBe(true);
    } finally {
      await model.close();
    }
  });

  it('should exit quietly with 0 when the reader of list goes away', async () => {
    const { code, stderr } = await runBin(['list'], child =>
      child.stdout.destroy(),
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
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
