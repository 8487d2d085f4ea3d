#!/usr/bin/env node
// Proves the *built* packages import cleanly: Node resolves each package by
// name without the @janus/source condition, so it loads dist/ through the
// package's `exports`, as a consumer would after `npm i`. And that each
// package's CLI is linked in node_modules/.bin and answers --help, so
// `npx janus-bench …` works in the repo after `npm run build` (the root
// `postbuild` links them: `npm ci` cannot, before dist/ exists).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const { workspaces } = JSON.parse(readFileSync(new URL('package.json', root)));
let passed = 0;
let failed = 0;

for (const workspace of workspaces.filter(path =>
  path.startsWith('packages/'),
)) {
  const manifest = JSON.parse(
    readFileSync(new URL(`${workspace}/package.json`, root), 'utf8'),
  );
  const subpaths = Object.keys(manifest.exports).filter(
    key => key !== './package.json',
  );
  for (const subpath of subpaths) {
    const specifier =
      subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`;
    try {
      const module = await import(specifier);
      const names = Object.keys(module);
      if (names.length === 0) throw new Error('no exports');
      console.log(`ok   ${specifier} (${names.length} exports)`);
      passed++;
    } catch (error) {
      console.log(`FAIL ${specifier}: ${error.message}`);
      failed++;
    }
  }
  for (const name of Object.keys(manifest.bin ?? {})) {
    const bin = fileURLToPath(new URL(`node_modules/.bin/${name}`, root));
    const run = spawnSync(bin, ['--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status === 0 && /usage/i.test(run.stdout)) {
      console.log(`ok   ${name} --help (node_modules/.bin)`);
      passed++;
    } else {
      console.log(
        `FAIL ${name} --help: ${run.error?.message ?? `exit ${run.status}`} ${run.stderr ?? ''}`.trim(),
      );
      failed++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
