import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatedLlm } from './test/start-gated-llm';

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
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stderr!.on('data', (data: Buffer) => {
      buffer += data.toString();
      for (
        let index = buffer.indexOf('\n');
        index >= 0;
        index = buffer.indexOf('\n')
      ) {
        const text = buffer.slice(0, index);
        // A stack trace is not JSON; keep it as the line's `msg`.
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          line = { msg: text };
        }
        buffer = buffer.slice(index + 1);
        lines.push(line);
        for (const waiter of waiters)
          if (waiter.pattern.test(String(line.msg))) waiter.resolve();
        const match = /listening on (\S+)/.exec(String(line.msg));
        if (match) resolve(match[1]!);
      }
    });
    child.once('exit', code =>
      reject(
        new Error(
          `main exited with ${code}: ${lines.map(line => JSON.stringify(line)).join('\n')}`,
        ),
      ),
    );
  });
  /** Resolves once a log line's `msg` matches `pattern`. */
  const logged = (pattern: RegExp) =>
    new Promise<void>(resolve => {
      if (lines.some(line => pattern.test(String(line.msg)))) resolve();
      else waiters.push({ pattern, resolve });
    });
  return { child, url, lines, logged };
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
  it('should let a stream in flight finish on SIGTERM, log the shutdown, and exit 0', async () => {
    const llm = await startGatedLlm();
    try {
      const started = await startMain({
        PORT: '0',
        JANUS_LLM_BASE_URL: llm.url,
        JANUS_LLM_MODEL: 'gated',
        JANUS_SANDY_BASE_URL: 'http://127.0.0.1:1',
      });
      child = started.child;
      const response = await fetch(`${started.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'baseline-agent-cli',
          stream: true,
          messages: [
            { role: 'user', content: 'What is the capital of France?' },
          ],
        }),
      });
      const reader = response
        .body!.pipeThrough(new TextDecoderStream())
        .getReader();
      let text = '';
      while (!text.includes('Hello')) text += (await reader.read()).value;
      const exited = new Promise(resolve => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await started.logged(/shutting down/);
      llm.release();
      for (
        let step = await reader.read();
        !step.done;
        step = await reader.read()
      )
        text += step.value;
      expect(text).toContain('" world"');
      expect(text).toMatch(/data: \[DONE\]\n\n$/);
      expect(await exited).toBe(0);
      expect(started.lines.map(line => line.msg)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^shut down/)]),
      );
    } finally {
      await llm.close();
    }
  });
  it('should log an invalid PORT as one clear error line and exit 1', async () => {
    const error = await startMain({ PORT: 'abc' }).then(
      () => new Error('main started'),
      (error: Error) => error,
    );
    const [status, ...lines] = error.message.split('\n');
    expect(status).toMatch(/^main exited with 1: /);
    expect(lines).toEqual([]);
    expect(
      JSON.parse(status!.replace(/^main exited with 1: /, '')),
    ).toMatchObject({
      level: 'error',
      msg: "Invalid PORT 'abc': expected a whole number from 0 to 65535",
    });
  });
  it('should log a port in use as one clear error line and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const error = await startMain({
        PORT: String(port),
        JANUS_SANDY_BASE_URL: 'http://127.0.0.1:1',
      }).then(
        () => new Error('main started'),
        (error: Error) => error,
      );
      const [status, ...rest] = error.message.split('\n');
      expect(status).toMatch(/^main exited with 1: /);
      const lines = [status!.replace(/^main exited with 1: /, ''), ...rest].map(
        line => JSON.parse(line) as Record<string, unknown>,
      );
      // Log lines only (the scripted model's, then the error): no stack trace.
      expect(lines.filter(line => line.level === undefined)).toEqual([]);
      expect(lines.filter(line => line.level === 'error')).toEqual([
        expect.objectContaining({
          code: 'EADDRINUSE',
          msg: `Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
        }),
      ]);
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
  });
  it('should log an LLM base URL without a model as one clear error line and exit 1', async () => {
    const error = await startMain({
      JANUS_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      JANUS_LLM_MODEL: '',
    }).then(
      () => new Error('main started'),
      (error: Error) => error,
    );
    const [status, ...lines] = error.message.split('\n');
    expect(status).toMatch(/^main exited with 1: /);
    expect(lines).toEqual([]);
    expect(
      JSON.parse(status!.replace(/^main exited with 1: /, '')),
    ).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('JANUS_LLM_MODEL is not'),
    });
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
    // The workspace package in the repo, the installed one in a copy
    // (docs/baselines.md, "Copying a baseline out of the repo").
    expect(resolved.trim()).toMatch(
      /\/(packages\/janus-competitor-kit|@janus\/competitor-kit)\/src\/index\.ts$/,
    );
  });
});
