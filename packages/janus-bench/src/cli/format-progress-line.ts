import { plural } from '../internal/plural';
import type { BenchEvent } from '../runner/bench-event';

const score = (value: number | null) =>
  value === null ? 'n/a' : (value * 100).toFixed(0);

/**
 * One plain progress line per event for non-TTY output (CI logs);
 * `undefined` for events that print nothing.
 */
export function formatProgressLine(event: BenchEvent): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `run ${event.run_id}: ${plural(event.tasks, 'task')} × ${plural(event.competitors.length, 'competitor')} against ${event.target} (suite ${event.suite})`;
    case 'warmup-end':
      return `${event.competitor}: warmup done (${plural(event.requests, 'request')}, excluded)`;
    case 'task-end': {
      const status = event.ok ? 'ok  ' : 'FAIL';
      const ttft =
        event.ttft_ms === null ? '–' : `${event.ttft_ms.toFixed(1)}ms`;
      const error = event.error
        ? ` ${event.error.kind}: ${event.error.message}`
        : '';
      return `[${event.completed}/${event.total}] ${event.competitor} ${status} ${event.task_id} ttft ${ttft} q ${score(event.scores.quality)} st ${score(event.scores.streaming)}${error}`;
    }
    case 'competitor-end':
      return `${event.competitor}: composite ${event.composite.toFixed(1)}, failed ${event.metrics.failed}/${event.metrics.requests}`;
    default:
      return undefined;
  }
}
