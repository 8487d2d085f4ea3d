import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The root-entry tests again under the edge runtime (STYLE.md 11.2): only
// tests that need no `node:*` module (the Node adapter tests are excluded).
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'gateway-core-edge',
      environment: 'edge-runtime',
      include: ['src/**/*.test.ts'],
      exclude: ['src/node/**'],
    },
  }),
);
