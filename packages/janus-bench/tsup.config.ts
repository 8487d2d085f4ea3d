import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

const shared = {
  format: ['esm' as const],
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  target: 'es2022',
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', ui: 'src/ui.ts' },
    dts: { compilerOptions: { customConditions: [] } },
    clean: true,
  },
  {
    ...shared,
    // The bin: a thin wrapper around runCli (STYLE.md 10.1).
    entry: { 'bin/janus-bench': 'src/bin/janus-bench.ts' },
    dts: false,
    clean: false,
  },
]);
