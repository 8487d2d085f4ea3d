import { z } from 'zod/v4';
import { competitorHealthStateSchema } from './models';

/** Which LLM a component talks to. */
export const llmInfoSchema = z.looseObject({
  /** `real`: a configured upstream; `scripted`: the offline scripted model. */
  mode: z.enum(['real', 'scripted']),
  /** Model id used upstream. */
  model: z.string().optional(),
  /** Upstream base URL (never with credentials). */
  base_url: z.string().optional(),
  /** Provider label, e.g. `chutes`, `openai`, `custom`, `scripted`. */
  provider: z.string().optional(),
});
/** Which LLM a component talks to. */
export type LlmInfo = z.infer<typeof llmInfoSchema>;

/** `GET /health` of a competitor. */
export const competitorHealthSchema = z.looseObject({
  /** `ok` when it can serve; `degraded` when some paths (e.g. the sandbox) are down. */
  status: z.enum(['ok', 'degraded', 'down']),
  /** Competitor id. */
  id: z.string().optional(),
  /** Display name; the gateway shows it when its configuration names none. */
  name: z.string().optional(),
  /**
   * One-line description; the gateway shows it in `/v1/models`
   * (`janus.description`) when its configuration gives none.
   */
  description: z.string().optional(),
  version: z.string().optional(),
  llm: llmInfoSchema.optional(),
  /** Whether the Sandy path can run (original Janus field). */
  sandbox_available: z.boolean().optional(),
  /** Requests in flight. */
  in_flight: z.number().int().nonnegative().optional(),
});
/** `GET /health` of a competitor. */
export type CompetitorHealth = z.infer<typeof competitorHealthSchema>;

/** `GET /health` of the gateway. */
export const gatewayHealthSchema = z.looseObject({
  status: z.enum(['ok', 'degraded', 'down']),
  version: z.string().optional(),
  uptime_seconds: z.number().nonnegative().optional(),
  default_competitor: z.string().nullish(),
  competitors: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string().optional(),
      health: competitorHealthStateSchema,
      /** What the competitor's own `/health` last said about its LLM. */
      llm: llmInfoSchema.optional(),
      sandbox_available: z.boolean().optional(),
      last_checked_at: z.string().nullish(),
      last_error: z.string().nullish(),
    }),
  ),
});
/** `GET /health` of the gateway. */
export type GatewayHealth = z.infer<typeof gatewayHealthSchema>;
