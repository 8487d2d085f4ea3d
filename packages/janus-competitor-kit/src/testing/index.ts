/**
 * @janus/competitor-kit/testing: the scripted model (an offline,
 * deterministic OpenAI-compatible server). Node only. The msw test server
 * wired into vitest is `@janus/competitor-kit/testing/vitest`, so this entry
 * loads without vitest or msw (and with `require()`).
 */
export {
  createScriptedModel,
  type ScriptedModel,
} from './create-scripted-model';
export { createScriptedModelHandler } from './create-scripted-model-handler';
export type { ScriptedPace } from './scripted/create-pacer';
