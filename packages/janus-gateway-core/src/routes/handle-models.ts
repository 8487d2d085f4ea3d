import type { ModelList } from '@janus/protocol';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';

/** When the gateway process started (Unix seconds): the models' `created`. */
const createdAt = Math.floor(Date.now() / 1000);

/**
 * `GET /v1/models`: one entry per enabled competitor, with Janus metadata
 * (name, description, health, LLM mode from the competitor's own `/health`).
 *
 * @internal
 */
export function handleModels(
  context: GatewayContext,
  scope: RequestScope,
): Response {
  const body: ModelList = {
    object: 'list',
    data: context.registry.enabled().map(entry => ({
      id: entry.config.id,
      object: 'model',
      created: createdAt,
      owned_by:
        entry.config.id === context.registry.defaultCompetitorId
          ? 'janus'
          : 'competitor',
      janus: {
        name: entry.config.name,
        ...(entry.config.description
          ? { description: entry.config.description }
          : {}),
        health: entry.health,
        ...(entry.llm ? { llm_mode: entry.llm.mode } : {}),
      },
    })),
  };
  return Response.json(body, { headers: scope.responseHeaders });
}
