'use client';

import type { CompetitorHealthState, GatewayHealth } from '@janus/protocol';
import type { ReactNode } from 'react';
import { describeGatewayProblem } from '../lib/gateway-problem';
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

/** A competitor's health in words (the dot's colour is not the only cue). */
const healthWords: Record<CompetitorHealthState, string> = {
  healthy: 'up',
  unhealthy: 'down',
  unknown: 'unknown',
};

/**
 * The status line: gateway health, each competitor's health (in words, next
 * to a coloured dot), and the LLM in use; or why they are unknown: the
 * browser cannot reach the chat UI server, the UI server cannot reach the
 * gateway, the gateway refused the UI's key. A polite live region: a change,
 * such as the gateway going down, is announced.
 */
export function StatusLine(props: { info: GatewayInfo }) {
  const { health, problem } = props.info;
  const line = (gateway: string, children: ReactNode) => (
    <div
      className="status-line"
      data-testid="status-line"
      data-gateway={gateway}
      data-problem={problem?.kind}
      role="status"
      aria-live="polite"
    >
      {children}
    </div>
  );
  const problemWords = problem && describeGatewayProblem(problem).status;
  if (health === null) {
    if (problemWords === null)
      return line('unknown', 'Connecting to the gateway…');
    return line(
      problem?.kind === 'gateway-unreachable' ? 'unreachable' : 'unknown',
      <span data-testid="status-gateway">
        <span className="dot down" aria-hidden="true" /> {problemWords}
      </span>,
    );
  }
  return line(
    health.status,
    <>
      <span data-testid="status-gateway">
        <span className={`dot ${health.status}`} aria-hidden="true" /> Gateway{' '}
        {health.status}
      </span>
      {problemWords && (
        // The gateway is up but refused the competitor list (e.g. the key).
        <span data-testid="status-problem">
          <span className="dot down" aria-hidden="true" /> {problemWords}
        </span>
      )}
      {health.competitors.map(competitor => (
        <span
          key={competitor.id}
          data-testid="status-competitor"
          data-health={competitor.health}
        >
          <span className={`dot ${competitor.health}`} aria-hidden="true" />{' '}
          {competitor.name ?? competitor.id} {healthWords[competitor.health]}
          {competitor.sandbox_available === false && ' (sandbox unavailable)'}
        </span>
      ))}
      <span data-testid="status-llm">{describeLlm(health)}</span>
    </>,
  );
}
