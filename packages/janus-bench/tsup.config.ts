import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

export default defineConfig({
  // One build for the library and the bin (a thin wrapper around runCli,
  // STYLE.md 10.1), so the bin shares the library's chunks instead of
  // bundling a second copy of it.
  entry: {
    index: 'src/index.ts',
    ui: 'src/ui.ts',
    'bin/janus-bench': 'src/bin/janus-bench.ts',
  },
  format: ['esm'],
  dts: {
    entry: { index: 'src/index.ts', ui: 'src/ui.ts' },
    compilerOptions: { customConditions: [] },
  },
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'es2022',
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
});
