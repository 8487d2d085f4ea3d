import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Component and unit tests: happy-dom by default (server-side files opt into
// `@vitest-environment node`). The browser e2e suite is a separate project
// (vitest.e2e.config.ts) because it starts the whole stack.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: 'chat-ui',
      environment: 'happy-dom',
      // Components render `<iframe src>` (sandboxed artifact previews); the
      // tests check the element, happy-dom must not try to load the page.
      environmentOptions: {
        happyDOM: {
          settings: { navigation: { disableChildFrameNavigation: true } },
        },
      },
      include: [
        'src/**/*.test.{ts,tsx}',
        'app/**/*.test.{ts,tsx}',
        'test/**/*.test.ts',
      ],
      setupFiles: ['./test/setup.ts'],
    },
  }),
);
