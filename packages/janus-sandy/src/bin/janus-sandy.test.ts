import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRootDirectory } from '../internal/test-manager';

const packageDirectory = new URL('../..', import.meta.url).pathname;
const temporary = mkdtempSync(join(tmpdir(), 'janus-sandy-bin-'));
// Its own root, as the other tests' (mode 0711: the service leaves it as it is).
const rootDirectory = createTestRootDirectory('bin-root');
const children: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(
    children.map(
      child =>
        new Promise(resolve => {
          if (child.exitCode !== null) return resolve(null);
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  rmSync(temporary, { recursive: true, force: true });
  rmSync(rootDirectory, { recursive: true, force: true });
});

/**
 * Starts the real bin (from source) through `bash -c 'exec … 200<>file'`, so
 * it inherits descriptor 200 without close-on-exec (the reviewer's
 * `200</some/file` in a launching shell; dash and Node mark low ones
 * close-on-exec), and resolves with its URL.
 */
async function startWithInheritedFd(file: string) {
  const child = spawn(
    'bash',
    [
      '-c',
      'exec "$0" "$@" 200<>"$INHERITED_FILE"',
      process.execPath,
      '--conditions=@janus/source',
      '--import',
      'tsx',
      'src/bin/janus-sandy.ts',
      '--port',
      '0',
      '--root-dir',
      rootDirectory,
      '--log-level',
      'error',
    ],
    {
      cwd: packageDirectory,
      env: {
        ...process.env,
        JANUS_SANDY_API_KEY: '',
        INHERITED_FILE: file,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', chunk => {
    output += chunk;
  });
  child.stderr?.on('data', chunk => {
    output += chunk;
  });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within 30 s: ${output}`)),
      30_000,
    );
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

describe('janus-sandy bin', { timeout: 60_000 }, () => {
  it('should not pass descriptors it inherited without close-on-exec into sandboxes', async () => {
    const file = join(temporary, 'inherited.txt');
    writeFileSync(file, 'inherited host secret\n');
    const url = await startWithInheritedFd(file);
    const headers = { 'content-type': 'application/json' };
    const { sandboxId } = await (
      await fetch(`${url}/api/sandboxes`, { method: 'POST', headers })
    ).json();
    const result = await (
      await fetch(`${url}/api/sandboxes/${sandboxId}/exec`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          command: `cat /proc/self/fd/200; python3 -c "import os; os.write(200, b'sandbox-was-here')"; ls -l /proc/self/fd/; true`,
        }),
      })
    ).json();
    expect(result).toMatchObject({ exitCode: 0 });
    expect(result.stdout).not.toContain('inherited host secret');
    expect(result.stdout).not.toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('inherited host secret\n');
  });
});
