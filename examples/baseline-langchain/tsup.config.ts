import { defineConfig } from 'tsup';

// An app, not a library: one ESM entry, no declarations. Dependencies stay
// external, so `@janus/*` resolve to their built `dist` through node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
