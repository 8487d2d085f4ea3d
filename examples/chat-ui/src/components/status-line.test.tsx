import type { GatewayHealth } from '@janus/protocol';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeLlm, StatusLine } from './status-line';

const health = (competitors: GatewayHealth['competitors']): GatewayHealth => ({
  status: 'ok',
  competitors,
});

describe('describeLlm', () => {
  it('should say whether the competitors use the scripted model or a real LLM', () => {
    expect(
      describeLlm(
        health([{ id: 'a', health: 'healthy', llm: { mode: 'scripted' } }]),
      ),
    ).toMatch(/scripted model/);
    expect(
      describeLlm(
        health([
          {
            id: 'a',
            health: 'healthy',
            llm: { mode: 'real', model: 'gpt-4o-mini' },
          },
        ]),
      ),
    ).toBe('LLM: real (gpt-4o-mini)');
    expect(
      describeLlm(
        health([
          { id: 'a', health: 'healthy', llm: { mode: 'real' } },
          { id: 'b', health: 'healthy', llm: { mode: 'scripted' } },
        ]),
      ),
    ).toMatch(/mixed/);
    expect(describeLlm(health([{ id: 'a', health: 'unknown' }]))).toBe(
      'LLM: unknown',
    );
  });
});

describe('StatusLine', () => {
  it('should show gateway and competitor health and an unavailable sandbox', () => {
    render(
      <StatusLine
        info={{
          models: [],
          modelsFresh: true,
          checked: true,
          problem: null,
          health: health([
            {
              id: 'baseline-agent-cli',
              health: 'healthy',
              sandbox_available: false,
              llm: { mode: 'scripted' },
            },
            {
              id: 'baseline-langchain',
              health: 'unhealthy',
              llm: { mode: 'scripted' },
            },
          ]),
        }}
      />,
    );
    expect(screen.getByTestId('status-gateway').textContent).toContain(
      'Gateway ok',
    );
    const competitors = screen.getAllByTestId('status-competitor');
    expect(competitors.map(item => item.dataset.health)).toEqual([
      'healthy',
      'unhealthy',
    ]);
    expect(competitors[0]?.textContent).toContain('sandbox unavailable');
    // In words, not only the dot's colour.
    expect(competitors.map(item => item.textContent?.trim())).toEqual([
      'baseline-agent-cli up (sandbox unavailable)',
      'baseline-langchain down',
    ]);
    expect(screen.getByRole('status').dataset.testid).toBe('status-line');
  });

  it('should say when the chat UI server cannot reach the gateway', () => {
    render(
      <StatusLine
        info={{
          models: [],
          modelsFresh: false,
          checked: true,
          health: null,
          problem: { kind: 'gateway-unreachable', detail: 'fetch failed' },
        }}
      />,
    );
    expect(screen.getByTestId('status-line').dataset.gateway).toBe(
      'unreachable',
    );
    const gateway = screen.getByTestId('status-gateway');
    expect(gateway.textContent?.trim()).toBe(
      'Gateway unreachable (the chat UI server cannot reach it)',
    );
    // The dot sits in its label, as when the gateway is up (the line is a
    // wrapping flex row: a separate dot would float apart from its words).
    expect(gateway.querySelector('.dot.down')).not.toBeNull();
  });

  it('should not blame the gateway when the browser cannot reach the chat UI server', () => {
    render(
      <StatusLine
        info={{
          models: [],
          modelsFresh: false,
          checked: true,
          health: null,
          problem: { kind: 'ui-server-unreachable', detail: 'Failed to fetch' },
        }}
      />,
    );
    const line = screen.getByTestId('status-line');
    expect(line.dataset.gateway).toBe('unknown');
    expect(line.dataset.problem).toBe('ui-server-unreachable');
    expect(line.textContent).toMatch(/^ ?Chat UI server unreachable/);
    expect(line.textContent).not.toMatch(/Gateway unreachable/);
  });

  it('should say that the gateway refused the UI key next to its health', () => {
    render(
      <StatusLine
        info={{
          models: [],
          modelsFresh: false,
          checked: true,
          health: health([{ id: 'a', health: 'healthy' }]),
          problem: { kind: 'key-refused', status: 401, detail: 'Invalid key' },
        }}
      />,
    );
    expect(screen.getByTestId('status-gateway').textContent).toContain(
      'Gateway ok',
    );
    expect(screen.getByTestId('status-problem').textContent?.trim()).toBe(
      "The gateway refused the UI's API key (GATEWAY_API_KEY): HTTP 401",
    );
  });
});
