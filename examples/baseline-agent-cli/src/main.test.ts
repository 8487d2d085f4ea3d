import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/** Starts `src/main.ts` (from source) and waits for its "listening" log line. */
async function startMain(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@janus/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: exampleDir,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const lines: Array<Record<string, unknown>> = [];
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stderr!.on('data', (data: Buffer) => {
      buffer += data.toString();
      for (
        let index = buffer.indexOf('\n');
        index >= 0;
        index = buffer.indexOf('\n')
      ) {
        const line = JSON.parse(buffer.slice(0, index)) as Record<
          string,
          unknown
        >;
        buffer = buffer.slice(index + 1);
        lines.push(line);
        const match = /listening on (\S+)/.exec(String(line.msg));
        if (match) resolve(match[1]!);
      }
    });
    child.once('exit', code => reject(new Error(`main exited with ${code}`)));
  });
  return { child, url, lines };
}

describe('main', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
  });

  it('should start a scripted model when no LLM is configured and say so', async () => {
    const started = await startMain({
      PORT: '0',
      JANUS_SANDY_BASE_URL: 'http://127.0.0.1:1',
    });
    child = started.child;
    expect(started.lines.map(line => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/in-process Janus scripted model/),
      ]),
    );
    const health = await (await fetch(`${started.url}/health`)).json();
    expect(health).toMatchObject({
      status: 'degraded',
      sandbox_available: false,
      llm: { mode: 'scripted', model: 'janus-scripted' },
    });
    const exited = new Promise(resolve => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
  it('should run the dev script against the @janus/* sources, not their dist/', () => {
    const { scripts } = JSON.parse(
      readFileSync(join(exampleDir, 'package.json'), 'utf8'),
    ) as { scripts: { dev: string } };
    const [command, ...args] = scripts.dev.split(' ');
    expect(command).toBe('node');
    expect(args.at(-1)).toBe('src/main.ts');
    // The dev script's node flags, resolving a workspace package instead of starting main.
    const resolved = execFileSync(
      process.execPath,
      [
        ...args.slice(0, -1),
        '--input-type=module',
        '--eval',
        "console.log(import.meta.resolve('@janus/competitor-kit'))",
      ],
      { cwd: exampleDir, env: { PATH: process.env.PATH }, encoding: 'utf8' },
    );
    expect(resolved.trim()).toMatch(
      /\/packages\/janus-competitor-kit\/src\/index\.ts$/,
    );
  });
});
