import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toJanusError } from '@janus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestManager } from '../internal/test-manager';

// Host files the sandbox must never reach through the file API: a setuid
// root program (the reviewer's chown victim) and a directory with a file
// whose name and content must never appear in an answer.
const hostDirectory = mkdtempSync(join(tmpdir(), 'janus-sandy-race-host-'));
const victim = join(hostDirectory, 'victim');
const secretDirectory = join(hostDirectory, 'secret');
const secretName = 'host-only-name.txt';
const secretContent = 'host secret content';
const { manager, rootDirectory } = createTestManager({ warmPoolSize: 1 });
let sandboxId: string;

beforeAll(async () => {
  writeFileSync(victim, '#!/bin/sh\n');
  chmodSync(victim, 0o4755);
  mkdirSync(secretDirectory);
  writeFileSync(join(secretDirectory, secretName), secretContent);
  writeFileSync(join(secretDirectory, 'x.txt'), secretContent);
  sandboxId = (await manager.create()).sandboxId;
});

afterAll(async () => {
  await manager.close();
  rmSync(rootDirectory, { recursive: true, force: true });
  rmSync(hostDirectory, { recursive: true, force: true });
});

/**
 * Swaps `/workspace/<name>` between a directory, nothing and a symbolic link
 * to `target` (a host path) as fast as the sandbox can, until aborted.
 */
const swapScript = `
import os, shutil, sys
name, target = sys.argv[1], sys.argv[2]
def remove():
    try:
        os.rmdir(name)
    except OSError:
        shutil.rmtree(name, ignore_errors=True)
print('swapping', flush=True)
while True:
    for step in (lambda: os.mkdir(name), remove,
                 lambda: os.symlink(target, name), lambda: os.unlink(name)):
        try:
            step()
        except OSError:
            pass
`;

/** Starts the swap loop for each `[name, target]`; resolves to its stopper once it runs. */
async function startSwapping(pairs: Array<[string, string]>) {
  const controller = new AbortController();
  let started!: () => void;
  const swapping = new Promise<void>(resolve => {
    started = resolve;
  });
  let output = '';
  const loops = pairs
    .map(([name, target]) => `python3 -c "$SWAP" ${name} ${target} &`)
    .join(' ');
  const running = manager.exec(
    sandboxId,
    {
      command: `${loops} wait`,
      env: { SWAP: swapScript },
      timeoutMs: 120_000,
    },
    {
      signal: controller.signal,
      onOutput: (_stream, text) => {
        output += text;
        if (output.split('swapping').length > pairs.length) started();
      },
    },
  );
  await Promise.race([swapping, running]);
  return async () => {
    controller.abort();
    await running;
  };
}

/**
 * Runs `attempt` `attempts` times on `workers` concurrent lanes, stopping
 * early once `compromised()` holds. Returns the error codes seen (a raw
 * file-system error becomes `internal_error`, a 500).
 */
async function hammer(options: {
  attempts: number;
  workers: number;
  attempt: (index: number) => Promise<void>;
  compromised: () => boolean;
}): Promise<Set<string>> {
  const codes = new Set<string>();
  let next = 0;
  const lane = async () => {
    while (next < options.attempts && !options.compromised()) {
      const index = next++;
      await options.attempt(index).catch((error: unknown) => {
        codes.add(toJanusError(error).code);
      });
    }
  };
  await Promise.all(Array.from({ length: options.workers }, lane));
  return codes;
}

/**
 * Race losers answer 400 or 404, never 500; and some did lose, which shows
 * the swap loop really raced the calls.
 */
const expectRaceAnswers = (codes: Set<string>) => {
  expect(codes).toContain('invalid_request');
  expect(
    [...codes].filter(code => !['invalid_request', 'not_found'].includes(code)),
  ).toEqual([]);
};

const victimIntact = () => {
  const stats = statSync(victim);
  return stats.uid === 0 && (stats.mode & 0o7777) === 0o4755;
};
const hostEntries = () => readdirSync(secretDirectory).sort();
const initialEntries = [secretName, 'x.txt'].sort();

// Each attack runs a bounded number of attempts (they succeeded within a few
// hundred against the path-string walk); the fd walk must hold for all.
describe('workspace file API races', { timeout: 90_000 }, () => {
  it('should never chown a host file when a created directory is swapped for a link', async () => {
    const stop = await startSwapping([['e', victim]]);
    let codes: Set<string>;
    try {
      codes = await hammer({
        attempts: 3000,
        workers: 8,
        attempt: async index => {
          await manager.writeFile(sandboxId, {
            path: `e/y${index % 4}.txt`,
            content: Buffer.from('race'),
          });
        },
        compromised: () => !victimIntact(),
      });
    } finally {
      await stop();
    }
    expect(victimIntact()).toBe(true);
    expectRaceAnswers(codes);
  });

  it('should never list a host directory swapped in for a checked one', async () => {
    const stop = await startSwapping([['g', secretDirectory]]);
    const leaked: string[] = [];
    let codes: Set<string>;
    try {
      codes = await hammer({
        attempts: 3000,
        workers: 8,
        attempt: async index => {
          const listing = await manager.listFiles(sandboxId, {
            path: 'g',
            recursive: index % 2 === 0,
          });
          const names = JSON.stringify(listing);
          if (names.includes(secretName)) leaked.push(names);
        },
        compromised: () => leaked.length > 0,
      });
    } finally {
      await stop();
    }
    expect(leaked).toEqual([]);
    expectRaceAnswers(codes);
  });

  it('should never create, leave or read files in a host directory swapped in for a checked one', async () => {
    const stop = await startSwapping([['d', secretDirectory]]);
    const leaked: string[] = [];
    let codes: Set<string>;
    try {
      codes = await hammer({
        attempts: 3000,
        workers: 8,
        attempt: async index => {
          if (index % 2 === 0) {
            await manager.writeFile(sandboxId, {
              path: `d/w${index % 8}.txt`,
              content: Buffer.from('race'),
            });
          } else {
            const file = await manager.readFile(sandboxId, 'd/x.txt');
            const text = Buffer.from(file.content).toString('utf8');
            if (text.includes(secretContent)) leaked.push(text);
          }
        },
        compromised: () =>
          leaked.length > 0 || hostEntries().join() !== initialEntries.join(),
      });
    } finally {
      await stop();
    }
    expect(leaked).toEqual([]);
    expect(hostEntries()).toEqual(initialEntries);
    expectRaceAnswers(codes);
  });
});
