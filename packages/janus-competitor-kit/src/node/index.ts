/**
 * @janus/competitor-kit/node: Node `http` adapters for the Fetch handlers of
 * this package (backpressure, abort on client disconnect, graceful close).
 */

export type { FetchContext } from '../server/fetch-context';
export {
  createFileArtifactStore,
  type FileArtifactStoreOptions,
} from './create-file-artifact-store';
export { type ServedCompetitor, serve } from './serve';
export {
  type CloseOptions,
  DEFAULT_SHUTDOWN_ABORT_WAIT_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type RunningServer,
  serveFetch,
} from './serve-fetch';
export { type LlmConnection, startLlmFromEnv } from './start-llm-from-env';
export {
  DEFAULT_MAX_BODY_BYTES,
  type FetchHandler,
  writeFetchResponse,
} from './write-fetch-response';
