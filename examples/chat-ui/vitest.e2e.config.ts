import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The browser e2e suite: starts the demo stack on free ports and drives
// Debian's Chromium with playwright-core. Needs a build (`npm run build`).
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'chat-ui-e2e',
      environment: 'node',
      include: ['e2e/**/*.e2e.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 150_000,
      fileParallelism: false,
    },
  }),
);
