import { z } from 'zod/v4';

/** Health as the gateway sees a competitor. */
export const competitorHealthStateSchema = z.enum([
  'healthy',
  'unhealthy',
  'unknown',
]);
/** Health as the gateway sees a competitor. */
export type CompetitorHealthState = z.infer<typeof competitorHealthStateSchema>;

/** One entry of `GET /v1/models`: on the gateway, one per enabled competitor. */
export const modelSchema = z.looseObject({
  /** The id to send as `model` (or `competitor_id`). */
  id: z.string(),
  object: z.literal('model'),
  /** Unix seconds. */
  created: z.number(),
  owned_by: z.string(),
  /** Janus metadata (gateway and competitors add it; OpenAI does not). */
  janus: z
    .looseObject({
      /** Display name. */
      name: z.string().optional(),
      description: z.string().optional(),
      health: competitorHealthStateSchema.optional(),
      /** `real` when backed by a real LLM, `scripted` for the offline scripted model. */
      llm_mode: z.enum(['real', 'scripted']).optional(),
    })
    .optional(),
});
/** One model entry. */
export type Model = z.infer<typeof modelSchema>;

/** `GET /v1/models` response. */
export const modelListSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(modelSchema),
});
/** `GET /v1/models` response. */
export type ModelList = z.infer<typeof modelListSchema>;
