import { defineConfig } from 'tsup';

// An app, not a library: one entry, no declarations; dependencies stay
// external and resolve through their public `exports` (built `dist/`).
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
