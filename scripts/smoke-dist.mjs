#!/usr/bin/env node
// Proves the *built* packages work for a consumer, offline and in a few
// seconds, after `npm run build`:
// - Node resolves each `exports` subpath by name without the @janus/source
//   condition, so it loads dist/ as a consumer would after `npm i`, through
//   both `import()` and `require()` (Node 20.19+ can require ESM; the few
//   subpaths whose graph has a top-level await are listed below and must fail
//   the way their README says).
// - `npm pack --dry-run` packs every file `exports`/`main`/`types`/`bin` point
//   at, every source a source map names, README and CHANGELOG, and no tests,
//   fixtures or snapshots.
// - The packed .d.ts files import only node builtins and packages the
//   manifest depends on (dependencies or peers, or their @types), and nothing
//   workspace-only (the @janus/source condition, .tsbuild).
// - Each CLI has a node shebang, is linked in node_modules/.bin and answers
//   --help, so `npx janus-bench …` works in the repo (the root `postbuild`
//   links them: `npm ci` cannot, before dist/ exists).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const require = createRequire(import.meta.url);
const { workspaces } = JSON.parse(readFileSync(new URL('package.json', root)));
let passed = 0;
let failed = 0;

/**
 * Subpaths that `require()` cannot load (ERR_REQUIRE_ASYNC_MODULE) and why;
 * their READMEs tell CommonJS users to `await import()` them instead.
 */
const REQUIRE_ASYNC = {
  '@janus/bench/ui': 'ink loads yoga-layout with a top-level await',
};

function check(ok, label, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
}

/** Every string target of an `exports` entry, nested conditions included. */
function exportTargets(entry) {
  if (typeof entry === 'string') return [entry];
  if (entry === null || typeof entry !== 'object') return [];
  return Object.values(entry).flatMap(exportTargets);
}

/** `zod/v4` → `zod`, `@scope/name/sub` → `@scope/name`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function packedFiles(name) {
  const run = spawnSync(
    'npm',
    ['pack', '--dry-run', '--json', '--ignore-scripts', '-w', name],
    { cwd: fileURLToPath(root), encoding: 'utf8', timeout: 60_000 },
  );
  if (run.status !== 0) throw new Error(run.stderr || `exit ${run.status}`);
  const [result] = JSON.parse(run.stdout);
  return new Set(result.files.map(file => file.path));
}

for (const workspace of workspaces.filter(path =>
  path.startsWith('packages/'),
)) {
  const directory = fileURLToPath(new URL(`${workspace}/`, root));
  const manifest = JSON.parse(
    readFileSync(join(directory, 'package.json'), 'utf8'),
  );
  const { name } = manifest;

  // Every exports subpath loads through import() and require().
  const subpaths = Object.keys(manifest.exports).filter(
    key => key !== './package.json',
  );
  for (const subpath of subpaths) {
    const specifier = subpath === '.' ? name : `${name}${subpath.slice(1)}`;
    try {
      const module = await import(specifier);
      const names = Object.keys(module);
      if (names.length === 0) throw new Error('no exports');
      check(true, `import ${specifier} (${names.length} exports)`);
    } catch (error) {
      check(false, `import ${specifier}`, error.message);
    }
    const asyncReason = REQUIRE_ASYNC[specifier];
    try {
      const names = Object.keys(require(specifier));
      if (names.length === 0) throw new Error('no exports');
      check(
        !asyncReason,
        `require ${specifier}`,
        asyncReason &&
          'loads now: drop it from REQUIRE_ASYNC and its README note',
      );
    } catch (error) {
      const expected =
        asyncReason !== undefined && error.code === 'ERR_REQUIRE_ASYNC_MODULE';
      check(
        expected,
        `require ${specifier}`,
        expected
          ? `ERR_REQUIRE_ASYNC_MODULE as documented (${asyncReason})`
          : `${error.code ?? ''} ${error.message.split('\n')[0]}`.trim(),
      );
    }
    if (!manifest.exports[subpath].types)
      check(false, `${specifier} has a types condition`);
  }

  // The tarball: what the manifest points at, and nothing test-only.
  let files;
  try {
    files = packedFiles(name);
  } catch (error) {
    check(false, `npm pack --dry-run ${name}`, error.message);
    continue;
  }
  const pointedAt = [
    ...exportTargets(manifest.exports),
    manifest.main,
    manifest.types,
    ...Object.values(manifest.bin ?? {}),
  ].filter(Boolean);
  const unpacked = pointedAt
    .map(target => posix.normalize(target))
    .filter(target => !files.has(target));
  check(
    unpacked.length === 0,
    `${name} packs every exports/main/types/bin target`,
    unpacked.join(', '),
  );
  const expected = ['README.md', 'CHANGELOG.md'].filter(file =>
    existsSync(join(directory, file)),
  );
  const missing = expected.filter(file => !files.has(file));
  check(
    missing.length === 0,
    `${name} packs ${expected.join(', ')}`,
    missing.join(', '),
  );
  check(
    [...files].some(file => /^licen[cs]e/i.test(file)),
    `${name} packs its LICENSE (${manifest.license})`,
  );
  const testOnly = [...files].filter(file =>
    /(^|\/)(__fixtures__|__snapshots__|test|\.tsbuild)\/|\.test(-d)?\.tsx?$|(^|\/)(tsconfig[^/]*|vitest[^/]*)\.(json|ts)$/.test(
      file,
    ),
  );
  check(
    testOnly.length === 0,
    `${name} packs no tests, fixtures or build config`,
    testOnly.join(', '),
  );

  // Source maps name only packed files.
  const missingSources = new Set();
  for (const map of [...files].filter(file => file.endsWith('.js.map'))) {
    const { sources = [], sourceRoot = '' } = JSON.parse(
      readFileSync(join(directory, map), 'utf8'),
    );
    for (const source of sources) {
      const path = posix.normalize(
        posix.join(dirname(map), sourceRoot, source),
      );
      if (!files.has(path)) missingSources.add(path);
    }
  }
  check(
    missingSources.size === 0,
    `${name} source maps name only packed files`,
    [...missingSources].join(', '),
  );

  // Declarations import only what a consumer has.
  const declared = new Set([
    name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const undeclared = new Set();
  for (const file of [...files].filter(file => file.endsWith('.d.ts'))) {
    // Comments dropped: TSDoc examples import whatever they like.
    const text = readFileSync(join(directory, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    if (/@janus\/source|\.tsbuild/.test(text))
      undeclared.add(`${file}: workspace-only path`);
    for (const [, specifier] of text.matchAll(
      /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g,
    )) {
      if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
      const dependency = packageNameOf(specifier);
      const typesPackage = `@types/${dependency.replace(/^@(.*)\//, '$1__')}`;
      if (!declared.has(dependency) && !declared.has(typesPackage))
        undeclared.add(`${file}: ${specifier}`);
      else if (
        !declared.has(typesPackage) &&
        !hasOwnTypes(dependency, directory)
      )
        undeclared.add(
          `${file}: ${specifier} (untyped; depend on ${typesPackage})`,
        );
    }
  }
  check(
    undeclared.size === 0,
    `${name} declarations import only declared, typed packages`,
    [...undeclared].join(', '),
  );

  // Bins: shebang, linked, --help.
  for (const [bin, target] of Object.entries(manifest.bin ?? {})) {
    const firstLine = readFileSync(join(directory, target), 'utf8').split(
      '\n',
    )[0];
    check(
      firstLine === '#!/usr/bin/env node',
      `${bin} starts with a node shebang`,
      firstLine === '#!/usr/bin/env node' ? '' : firstLine,
    );
    const binPath = fileURLToPath(new URL(`node_modules/.bin/${bin}`, root));
    const run = spawnSync(binPath, ['--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    check(
      run.status === 0 && /usage/i.test(run.stdout),
      `${bin} --help (node_modules/.bin)`,
      run.status === 0 && /usage/i.test(run.stdout)
        ? ''
        : `${run.error?.message ?? `exit ${run.status}`} ${run.stderr ?? ''}`.trim(),
    );
  }
}

/** Whether `dependency`, as `directory` resolves it, ships its own types. */
function hasOwnTypes(dependency, directory) {
  try {
    const manifestPath = createRequire(join(directory, 'package.json')).resolve(
      `${dependency}/package.json`,
    );
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return Boolean(
      manifest.types ||
        manifest.typings ||
        JSON.stringify(manifest.exports ?? {}).includes('"types"') ||
        existsSync(join(dirname(manifestPath), 'index.d.ts')),
    );
  } catch {
    // Not resolvable from here (an optional peer): nothing to check.
    return true;
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
