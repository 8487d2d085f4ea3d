import { percentile } from '../../metrics/summarize';
import type { BenchEvent } from '../../runner/bench-event';
import { DIMENSIONS, type Dimension } from '../../scoring/score-detail';

/** What the live view shows for one competitor. */
export interface CompetitorViewState {
  competitor: string;
  completed: number;
  total: number;
  failed: number;
  /** Running sums and counts per dimension (for running means). */
  sums: Record<Dimension, { sum: number; count: number }>;
  /** TTFTs of successful tasks so far, ascending. */
  ttfts: number[];
  /** Latest failures (at most 5). */
  failures: { task_id: string; message: string }[];
  composite: number | null;
}

/** The live view's state, fed by {@link benchViewReducer}. */
export interface BenchViewState {
  runId: string | null;
  target: string;
  suite: string;
  tasks: number;
  competitors: CompetitorViewState[];
  done: boolean;
}

/** The state before `run-start`. */
export const initialBenchViewState: BenchViewState = {
  runId: null,
  target: '',
  suite: '',
  tasks: 0,
  competitors: [],
  done: false,
};

function emptyCompetitor(
  competitor: string,
  total: number,
): CompetitorViewState {
  const sums = {} as CompetitorViewState['sums'];
  for (const dimension of DIMENSIONS) sums[dimension] = { sum: 0, count: 0 };
  return {
    competitor,
    completed: 0,
    total,
    failed: 0,
    sums,
    ttfts: [],
    failures: [],
    composite: null,
  };
}

function insertSorted(values: number[], value: number): number[] {
  const next = [...values];
  let index = next.length;
  while (index > 0 && next[index - 1]! > value) index--;
  next.splice(index, 0, value);
  return next;
}

/** A pure reducer from bench events to the live view's state. */
export function benchViewReducer(
  state: BenchViewState,
  event: BenchEvent,
): BenchViewState {
  switch (event.type) {
    case 'run-start':
      return {
        runId: event.run_id,
        target: event.target,
        suite: event.suite,
        tasks: event.tasks,
        competitors: event.competitors.map(name =>
          emptyCompetitor(name, event.tasks),
        ),
        done: false,
      };
    case 'task-end':
      return {
        ...state,
        competitors: state.competitors.map(entry => {
          if (entry.competitor !== event.competitor) return entry;
          const sums = { ...entry.sums };
          for (const dimension of DIMENSIONS) {
            const score = event.scores[dimension];
            if (score !== null)
              sums[dimension] = {
                sum: sums[dimension].sum + score,
                count: sums[dimension].count + 1,
              };
          }
          return {
            ...entry,
            completed: event.completed,
            failed: entry.failed + (event.ok ? 0 : 1),
            sums,
            ttfts:
              event.ok && event.ttft_ms !== null
                ? insertSorted(entry.ttfts, event.ttft_ms)
                : entry.ttfts,
            failures: event.ok
              ? entry.failures
              : [
                  ...entry.failures,
                  {
                    task_id: event.task_id,
                    message: `${event.error?.kind}: ${event.error?.message}`,
                  },
                ].slice(-5),
          };
        }),
      };
    case 'competitor-end':
      return {
        ...state,
        competitors: state.competitors.map(entry =>
          entry.competitor === event.competitor
            ? { ...entry, composite: event.composite }
            : entry,
        ),
      };
    case 'run-end':
      return { ...state, done: true };
    default:
      return state;
  }
}

/** Running mean of a dimension (0–1), `null` before any score. */
export function runningMean(
  entry: CompetitorViewState,
  dimension: Dimension,
): number | null {
  const { sum, count } = entry.sums[dimension];
  return count > 0 ? sum / count : null;
}

/** p50 and p99 of the TTFTs seen so far (linear interpolation). */
export function runningTtft(entry: CompetitorViewState): {
  p50: number | null;
  p99: number | null;
} {
  return { p50: percentile(entry.ttfts, 50), p99: percentile(entry.ttfts, 99) };
}
