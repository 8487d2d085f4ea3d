import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'node/index': 'src/node/index.ts',
      'testing/index': 'src/testing/index.ts',
      'testing/with-vitest': 'src/testing/with-vitest.ts',
      'bin/janus-scripted-model': 'src/bin/janus-scripted-model.ts',
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
