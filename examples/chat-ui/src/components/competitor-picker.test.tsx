import type { Model } from '@janus/protocol';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CompetitorPicker } from './competitor-picker';

const model: Model = {
  id: 'baseline-langchain',
  object: 'model',
  created: 0,
  owned_by: 'janus',
  janus: { name: 'LangChain', health: 'healthy' },
};

describe('CompetitorPicker', () => {
  it('should not call a competitor healthy when the list could not be refreshed', () => {
    const { rerender } = render(
      <CompetitorPicker models={[model]} value={model.id} onChange={vi.fn()} />,
    );
    expect(screen.getByRole('option').textContent).toBe('LangChain (healthy)');
    rerender(
      <CompetitorPicker
        models={[model]}
        value={model.id}
        staleLabel="unreachable"
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByRole('option').textContent).toBe(
      'LangChain (unreachable)',
    );
  });

  it('should say Loading… until the first list arrives, then that there are none', () => {
    const { rerender } = render(
      <CompetitorPicker models={[]} value={null} loading onChange={vi.fn()} />,
    );
    expect(screen.getByRole('option').textContent).toBe('Loading…');
    rerender(<CompetitorPicker models={[]} value={null} onChange={vi.fn()} />);
    expect(screen.getByRole('option').textContent).toBe('No competitors');
  });
});
