/**
 * @janus/gateway-core/node: the `node:http` / Express adapter.
 */

export {
  createNodeFetch,
  type NodeFetch,
  type NodeFetchOptions,
} from './create-node-fetch';
export {
  createNodeHandler,
  type FetchHandler,
  type NodeListener,
  toNodeListener,
} from './create-node-handler';
export { toWebRequest } from './to-web-request';
export { writeWebResponse } from './write-web-response';
