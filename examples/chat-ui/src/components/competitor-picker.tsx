'use client';

import type { Model } from '@janus/protocol';

/** Props of {@link CompetitorPicker}. */
export interface CompetitorPickerProps {
  models: Model[];
  value: string | null;
  /** Before the first list arrives: the empty picker says "Loading…". */
  loading?: boolean;
  /**
   * Set when the list could not be refreshed: each entry then says this
   * (e.g. "unreachable", "no connection") instead of its last known health.
   */
  staleLabel?: string;
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
      {props.models.length === 0 && (
        <option value="">
          {props.loading
            ? 'Loading…'
            : `No competitors${props.staleLabel ? ` (${props.staleLabel})` : ''}`}
        </option>
      )}
      {props.models.map(model => (
        <option key={model.id} value={model.id}>
          {model.janus?.name ?? model.id}
          {props.staleLabel
            ? ` (${props.staleLabel})`
            : model.janus?.health
              ? ` (${model.janus.health})`
              : ''}
          {model.janus?.llm_mode === 'scripted' ? ' · scripted' : ''}
        </option>
      ))}
    </select>
  );
}
