import type { SandboxStatus } from './conformance-context';

/**
 * Reads `sandbox_available` from a `/health` body: a competitor's own flag,
 * or for a gateway the entry of the competitor that will answer (`model`,
 * else the default competitor).
 *
 * @internal
 */
export function readSandboxStatus(options: {
  health: unknown;
  model: string;
}): SandboxStatus {
  const { health, model } = options;
  if (health === null || typeof health !== 'object') return 'unknown';
  const body = health as {
    sandbox_available?: unknown;
    default_competitor?: unknown;
    competitors?: Array<{ id?: unknown; sandbox_available?: unknown }>;
  };
  let flag = body.sandbox_available;
  if (flag === undefined && Array.isArray(body.competitors)) {
    // A gateway: the competitor that answers our requests decides.
    const chosen =
      body.competitors.find(c => c.id === model) ??
      body.competitors.find(c => c.id === body.default_competitor);
    flag = chosen?.sandbox_available;
  }
  if (flag === true) return 'available';
  if (flag === false) return 'unavailable';
  return 'unknown';
}
