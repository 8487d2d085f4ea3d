import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';

const bin = fileURLToPath(
  new URL('./janus-scripted-model.ts', import.meta.url),
);

function start(args: string[]) {
  // The workspace sources of its dependencies too, not a possibly stale dist.
  const flags = ['--conditions=@janus/source', '--import', 'tsx'];
  return spawn(process.execPath, [...flags, bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the base URL the child prints once it listens. */
function listeningUrl(child: ReturnType<typeof start>): Promise<string> {
  let output = '';
  child.stdout.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (text: string) => {
      output += text;
      const match =
        /scripted model listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(
          output,
        );
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', code => reject(new Error(`exited with ${code}`)));
  });
}

describe('janus-scripted-model', () => {
  it('should print its URL, serve requests and stop on SIGTERM', async () => {
    const child = start(['--port', '0', '--first-token-delay-ms', '1']);
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (text: string) => {
          output += text;
          const match =
            /scripted model listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(
              output,
            );
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', code => reject(new Error(`exited with ${code}`)));
      });
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer whatever' },
        body: JSON.stringify({
          model: 'm',
          messages: [{ role: 'user', content: 'Largest planet?' }],
        }),
      });
      const completion = await response.json();
      expect(completion.choices[0].message.content).toContain('Jupiter');
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('should exit 0 when SIGINT and SIGTERM both arrive while a stream is open', async () => {
    // Slow enough that the stream is still open when the signals arrive.
    const child = start(['--port', '0', '--tokens-per-second', '2']);
    try {
      const url = await listeningUrl(child);
      const response = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'm',
          stream: true,
          messages: [{ role: 'user', content: 'hello there' }],
        }),
      });
      const reader = response.body!.getReader();
      await reader.read();
      const exited = once(child, 'exit');
      // A second signal during the shutdown (Ctrl-C, then the supervisor's
      // SIGTERM) must not turn a clean stop into a crash.
      child.kill('SIGINT');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      await reader.cancel().catch(() => {});
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('should exit 1 with a clear "port in use" error, without the usage, when the port is taken', async () => {
    const taken = await serveFetch({
      fetch: async () => new Response('busy'),
    });
    try {
      const child = start(['--port', String(taken.port)]);
      let errors = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        errors += text;
      });
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(errors).toContain(
        `janus-scripted-model: port ${taken.port} on 127.0.0.1 is already in use`,
      );
      expect(errors).not.toContain('usage:');
    } finally {
      await taken.close();
    }
  });

  it('should exit 1 with the usage on a bad flag value', async () => {
    const child = start(['--port', '0', '--tokens-per-second', 'fast']);
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      errors += text;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(errors).toContain(
      '--tokens-per-second must be a non-negative number',
    );
    expect(errors).toContain('usage: janus-scripted-model');
  });
});
