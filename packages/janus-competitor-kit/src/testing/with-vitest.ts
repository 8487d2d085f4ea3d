/**
 * @janus/competitor-kit/testing/vitest: `createTestServer`, an msw server
 * for testing HTTP clients, wired into the vitest lifecycle. Import it in
 * vitest test files only: it imports `vitest` (and loads `msw`), both
 * optional peers of this package.
 */
export {
  createTestServer,
  type TestResponse,
  type TestRoute,
  type TestServer,
  type TestServerCall,
} from './create-test-server';
export { TestResponseController } from './test-response-controller';
