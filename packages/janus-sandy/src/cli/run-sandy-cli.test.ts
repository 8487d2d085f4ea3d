import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRootDirectory } from '../internal/test-manager';
import { runSandyCli } from './run-sandy-cli';

const rootDirectory = createTestRootDirectory('cli');
afterAll(() => rmSync(rootDirectory, { recursive: true, force: true }));

function createIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      env,
      stdout: (line: string) => void out.push(line),
      stderr: (line: string) => void err.push(line),
    },
    out,
    err,
  };
}

const argv = (...flags: string[]) => [
  'node',
  'janus-sandy',
  '--port',
  '0',
  '--root-dir',
  rootDirectory,
  '--log-level',
  'error',
  ...flags,
];

describe('runSandyCli', () => {
  it('should start with bubblewrap, honour JANUS_SANDY_API_KEY and print where it listens', async () => {
    const { io, out, err } = createIo({ JANUS_SANDY_API_KEY: 'cli-key' });
    const server = await runSandyCli([...argv(), '--max-sandboxes', '3'], io);
    try {
      expect(out.join('')).toMatch(
        /^janus-sandy listening on http:\/\/127\.0\.0\.1:\d+ \(isolation bwrap, .*auth on\)/,
      );
      expect(err.join('')).toBe('');
      expect(
        (await fetch(`${server.url}/api/sandboxes`, { method: 'POST' })).status,
      ).toBe(401);
      const health = await (await fetch(`${server.url}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        isolation: 'bwrap',
        max: 3,
      });
    } finally {
      await server.close();
    }
  });

  it('should refuse to start without bubblewrap and say how to install it', async () => {
    const { io } = createIo();
    await expect(
      runSandyCli(argv('--bwrap', '/nonexistent/bwrap'), io),
    ).rejects.toThrow(/apt-get install bubblewrap/);
  });

  it('should warn on every start with --isolation none', async () => {
    const { io, err } = createIo();
    const server = await runSandyCli(argv('--isolation', 'none'), io);
    try {
      expect(err.join('')).toMatch(
        /WARNING: .*--isolation none: commands run UNSANDBOXED/,
      );
      const headers = { 'content-type': 'application/json' };
      const created = await (
        await fetch(`${server.url}/api/sandboxes`, { method: 'POST', headers })
      ).json();
      const result = await (
        await fetch(`${server.url}/api/sandboxes/${created.sandboxId}/exec`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ command: 'echo unisolated' }),
        })
      ).json();
      expect(result.stdout).toBe('unisolated\n');
    } finally {
      await server.close();
    }
  });

  it('should refuse an --llm-client-base-urls entry that is not a URL', async () => {
    const { io } = createIo();
    await expect(
      runSandyCli(
        argv('--llm-client-base-urls', 'https://ok.test/v1,nope'),
        io,
      ),
    ).rejects.toThrow(/'nope' is not a URL/);
  });

  it('should reject invalid flags', async () => {
    const { io, err } = createIo();
    await expect(
      runSandyCli(argv('--isolation', 'docker'), io),
    ).rejects.toThrow();
    expect(err.join('')).toMatch(/Allowed choices are bwrap, none/);
  });
});
