import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. The `@janus/source` export condition makes every
 * `@janus/*` import resolve to `src/index.ts`, so tests run against sources
 * without a build (STYLE.md 4.3, modelled on zod's vitest config).
 */
export const sourceConditions = ['@janus/source'];

export const sharedConfig = defineConfig({
  resolve: {
    conditions: [...sourceConditions, 'module', 'browser', 'default'],
  },
  ssr: {
    resolve: {
      conditions: sourceConditions,
      externalConditions: sourceConditions,
    },
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    setupFiles: [
      new URL('./scripts/fail-on-console.ts', import.meta.url).pathname,
    ],
  },
});
