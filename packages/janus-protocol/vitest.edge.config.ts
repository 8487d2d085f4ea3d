import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The same tests again under the edge runtime (STYLE.md 11.2): the edge VM's
// web streams, `Response`, `TextDecoder` and `DOMException` replace Node's.
// Fixtures load via `?raw`, not `node:fs`. Only the `*.socket.test.ts` files
// are excluded: they start a real `node:http` server, which edge runtimes
// do not have.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'protocol-edge',
      environment: 'edge-runtime',
      include: ['src/**/*.test.ts'],
      exclude: ['src/**/*.socket.test.ts'],
    },
  }),
);
