import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared';

// The same tests again under the edge runtime (STYLE.md 11.2): the edge VM's
// web streams, `Response`, `TextDecoder` and `DOMException` replace Node's.
// No protocol test needs a `node:*` module (fixtures load via `?raw`), so
// nothing is excluded.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'protocol-edge',
      environment: 'edge-runtime',
      include: ['src/**/*.test.ts'],
    },
  }),
);
