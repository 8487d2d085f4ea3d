import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'baseline-langchain',
      testTimeout: 60_000,
      include: ['src/**/*.test.ts'],
    },
  }),
);
