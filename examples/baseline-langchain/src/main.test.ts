import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

describe('main', () => {
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
