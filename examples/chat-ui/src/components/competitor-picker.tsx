'use client';

import type { Model } from '@janus/protocol';

/** Props of {@link CompetitorPicker}. */
export interface CompetitorPickerProps {
  models: Model[];
  value: string | null;
  /**
   * `false` when the list could not be refreshed (the gateway is down): each
   * entry then says "unreachable" instead of its last known health.
   */
  fresh?: boolean;
  onChange: (id: string) => void;
}

/** Picks the competitor (a `/v1/models` entry) the next message goes to, with its health. */
export function CompetitorPicker(props: CompetitorPickerProps) {
  return (
    <select
      className="competitor-picker"
      data-testid="competitor-picker"
      aria-label="Competitor"
      value={props.value ?? ''}
      onChange={event => props.onChange(event.target.value)}
    >
      {props.models.length === 0 && <option value="">No competitors</option>}
      {props.models.map(model => (
        <option key={model.id} value={model.id}>
          {model.janus?.name ?? model.id}
          {props.fresh === false
            ? ' (unreachable)'
            : model.janus?.health
              ? ` (${model.janus.health})`
              : ''}
          {model.janus?.llm_mode === 'scripted' ? ' · scripted' : ''}
        </option>
      ))}
    </select>
  );
}
