import type { CompetitorHealth, ModelList } from '@janus/protocol';

/** Fixed `created` of the scripted model's `/v1/models` entry (no clocks). */
const modelCreated = 1_735_689_600;

/**
 * What the scripted model says about itself on `/health` and `/v1/models`:
 * always labelled as scripted, never as a real LLM.
 */
export function scriptedModelInfo(model: string): {
  health: CompetitorHealth;
  models: ModelList;
} {
  return {
    health: {
      status: 'ok',
      name: 'Janus scripted model',
      llm: { mode: 'scripted', model, provider: 'scripted' },
    },
    models: {
      object: 'list',
      data: [
        {
          id: model,
          object: 'model',
          created: modelCreated,
          owned_by: 'janus-scripted',
          janus: {
            name: 'Janus scripted model',
            description:
              'A deterministic offline stand-in for an LLM (documented rules, no network).',
            llm_mode: 'scripted',
          },
        },
      ],
    },
  };
}
