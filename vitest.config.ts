import { defineConfig } from 'vitest/config';

// One project per package/example; each has its own vitest.config.ts that
// extends vitest.shared.ts (source export condition, node environment).
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'examples/*',
      // Edge-runtime twins of the Web-API-only packages (STYLE.md 11.2).
      'packages/*/vitest.edge.config.ts',
      // The chat UI's browser e2e suite (starts the demo stack; needs a build).
      'examples/chat-ui/vitest.e2e.config.ts',
    ],
  },
});
