import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'bin/janus-sandy': 'src/bin/janus-sandy.ts',
    },
    format: ['esm'],
    dts: { compilerOptions: { customConditions: [] } },
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: true,
    target: 'es2022',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  },
]);
