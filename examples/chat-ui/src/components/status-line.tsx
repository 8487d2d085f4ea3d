'use client';

import type { GatewayHealth } from '@janus/protocol';
import type { GatewayInfo } from '../lib/use-gateway-info';

/**
 * Which LLM the competitors use, from the gateway's `/health`:
 * `competitors[].llm.mode` (`real` or `scripted`).
 *
 * @param health - The gateway health.
 */
export function describeLlm(health: GatewayHealth): string {
  const modes = new Set(
    health.competitors.map(competitor => competitor.llm?.mode).filter(Boolean),
  );
  if (modes.size === 0) return 'LLM: unknown';
  if (modes.size > 1)
    return 'LLM: mixed (some competitors use the scripted model)';
  if (modes.has('scripted'))
    return 'LLM: scripted model (offline, deterministic stand-in)';
  const models = new Set(
    health.competitors.map(item => item.llm?.model).filter(Boolean),
  );
  return `LLM: real (${[...models].join(', ') || 'configured upstream'})`;
}

/** The status line: gateway health, each competitor's health, and the LLM in use. */
export function StatusLine(props: { info: GatewayInfo }) {
  const { health } = props.info;
  if (health === null)
    return (
      <div
        className="status-line"
        data-testid="status-line"
        data-gateway="unknown"
      >
        Connecting to the gateway…
      </div>
    );
  if (health === 'unreachable')
    return (
      <div
        className="status-line"
        data-testid="status-line"
        data-gateway="unreachable"
      >
        <span className="dot down" />{' '}
        <span data-testid="status-gateway">Gateway unreachable</span>
      </div>
    );
  return (
    <div
      className="status-line"
      data-testid="status-line"
      data-gateway={health.status}
    >
      <span data-testid="status-gateway">
        <span className={`dot ${health.status}`} /> Gateway {health.status}
      </span>
      {health.competitors.map(competitor => (
        <span
          key={competitor.id}
          data-testid="status-competitor"
          data-health={competitor.health}
        >
          <span className={`dot ${competitor.health}`} />{' '}
          {competitor.name ?? competitor.id}
          {competitor.sandbox_available === false && ' (sandbox unavailable)'}
        </span>
      ))}
      <span data-testid="status-llm">{describeLlm(health)}</span>
    </div>
  );
}
