/**
 * @janus/gateway-core/node: the `node:http` / Express adapter.
 */

export {
  createNodeHandler,
  type FetchHandler,
  type NodeListener,
  toNodeListener,
} from './create-node-handler';
export { toWebRequest } from './to-web-request';
export { writeWebResponse } from './write-web-response';
