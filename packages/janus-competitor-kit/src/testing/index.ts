/**
 * @janus/competitor-kit/testing: the scripted model (an offline,
 * deterministic OpenAI-compatible server) and test helpers. Node only.
 */
export {
  createScriptedModel,
  type ScriptedModel,
} from './create-scripted-model';
export { createScriptedModelHandler } from './create-scripted-model-handler';
export {
  createTestServer,
  type TestResponse,
  type TestRoute,
  type TestServer,
  type TestServerCall,
} from './create-test-server';
export type { ScriptedPace } from './scripted/create-pacer';
export { TestResponseController } from './test-response-controller';
