import type { JanusEvent } from '@janus/protocol';

/**
 * One human-readable line for a Janus event on the reasoning timeline.
 *
 * @param event - A `delta.janus` event.
 */
export function describeJanusEvent(event: JanusEvent): string {
  switch (event.event) {
    case 'sandbox_start':
      return `Sandbox started (${event.payload.sandbox_id})`;
    case 'sandbox_end':
      return `Sandbox ended after ${(event.payload.duration_ms / 1000).toFixed(1)} s`;
    case 'tool_start':
      return `Tool ${event.payload.name}${summarise(event.payload.input)}`;
    case 'tool_end':
      return `Tool ${event.payload.name} ${event.payload.ok ? 'finished' : 'failed'}${summarise(event.payload.output)}`;
    case 'artifacts': {
      const names = event.payload.items.map(item => item.display_name);
      return `Artifacts: ${names.join(', ') || 'none'}`;
    }
    case 'screenshot':
      return `Screenshot${event.payload.title ? `: ${event.payload.title}` : ''}`;
    case 'status':
      return event.payload.message;
  }
}

/** A short, one-line preview of a tool input or output. */
function summarise(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'object' && value !== null && 'command' in value)
    text = String((value as { command: unknown }).command);
  else if (typeof value === 'object' && value !== null && 'path' in value)
    text = String((value as { path: unknown }).path);
  else text = JSON.stringify(value);
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`;
}
