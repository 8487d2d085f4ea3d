import { JanusError, type Model, type ModelList } from '@janus/protocol';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';
import type { CompetitorEntry } from '../registry/competitor-registry';

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
    data: context.registry.enabled().map(toModel),
  };
  return Response.json(body, { headers: scope.responseHeaders });
}

/**
 * `GET /v1/models/:id` (the OpenAI SDK's `models.retrieve(id)`): the list's
 * entry for an enabled competitor; anything else is a 404 `model_not_found`
 * with `param: "model"`, as OpenAI answers an unknown model.
 *
 * @param id The path segment, still percent-encoded.
 * @internal
 */
export function handleModel(
  context: GatewayContext,
  scope: RequestScope,
  id: string,
): Response {
  const decoded = decodeSegment(id);
  const entry =
    decoded === undefined ? undefined : context.registry.get(decoded);
  if (entry === undefined || !entry.config.enabled)
    throw new JanusError({
      message: `The model '${decoded ?? id}' does not exist`,
      code: 'model_not_found',
      param: 'model',
    });
  return Response.json(toModel(entry), { headers: scope.responseHeaders });
}

/**
 * A competitor as an OpenAI model object. `owned_by` is the competitor's id,
 * default or not: the team behind it owns the model, and it is what the
 * competitor kit's own `/v1/models` says of itself (the default competitor is
 * `default_competitor` in `GET /health`).
 */
function toModel(entry: CompetitorEntry): Model {
  return {
    id: entry.config.id,
    object: 'model',
    created: createdAt,
    owned_by: entry.config.id,
    janus: {
      name: entry.name,
      ...(entry.description ? { description: entry.description } : {}),
      health: entry.health,
      ...(entry.llm ? { llm_mode: entry.llm.mode } : {}),
    },
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
