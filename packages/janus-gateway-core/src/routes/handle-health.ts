import type { GatewayHealth, LlmInfo } from '@janus/protocol';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';
import { VERSION } from '../version';

const startedAt = Date.now();

/**
 * `GET /health` (the `gatewayHealthSchema` shape): liveness plus, per
 * competitor, the gateway's view of its health and what its own `/health`
 * last said about its LLM (mode, model, provider; never its address) and
 * sandbox. Always `200` while the gateway runs; `status` is `ok` (nothing
 * known down, and some competitor known healthy, or health checks off),
 * `degraded` (some competitors down, or none known healthy yet) or `down`
 * (all enabled competitors down, or none enabled: nothing could answer a
 * chat request).
 *
 * @internal
 */
export function handleHealth(
  context: GatewayContext,
  scope: RequestScope,
): Response {
  const enabled = context.registry.enabled();
  let down = 0;
  let healthy = 0;
  for (const entry of enabled) {
    if (entry.health === 'unhealthy') down++;
    else if (entry.health === 'healthy') healthy++;
  }
  // Not `ok` before any competitor is known healthy (at start-up, or when
  // none has ever answered), unless health checks are off: then `unknown`
  // is all the gateway will ever know, and it says nothing against them.
  const checking = context.options.healthCheck.intervalMs > 0;
  const body: GatewayHealth = {
    status:
      down === enabled.length
        ? 'down'
        : down > 0 || (healthy === 0 && checking)
          ? 'degraded'
          : 'ok',
    version: VERSION,
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
    default_competitor: context.registry.defaultCompetitorId ?? null,
    competitors: enabled.map(entry => ({
      id: entry.config.id,
      name: entry.name,
      health: entry.health,
      ...(entry.llm ? { llm: publicLlmInfo(entry.llm) } : {}),
      ...(entry.sandboxAvailable !== undefined
        ? { sandbox_available: entry.sandboxAvailable }
        : {}),
      last_checked_at: entry.lastCheckedAt ?? null,
      last_error: entry.lastError ?? null,
    })),
  };
  return Response.json(body, {
    headers: { ...scope.responseHeaders, 'cache-control': 'no-store' },
  });
}

/**
 * What `/health` (open, often public) tells about a competitor's LLM: mode,
 * model and provider. Its `base_url` (an internal address) and any other
 * field the competitor reports stay in `gateway.registry`.
 */
function publicLlmInfo(llm: LlmInfo): LlmInfo {
  return {
    mode: llm.mode,
    ...(llm.model !== undefined ? { model: llm.model } : {}),
    ...(llm.provider !== undefined ? { provider: llm.provider } : {}),
  };
}
