import { describe, expect, it } from 'vitest';
import type { BenchEvent } from '../../runner/bench-event';
import {
  benchViewReducer,
  initialBenchViewState,
  runningMean,
  runningTtft,
} from './bench-view-state';

const scores = (value: number | null) => ({
  quality: value,
  speed: value,
  cost: value,
  streaming: value,
  multimodal: null,
});
const taskEnd = (
  overrides: Partial<Extract<BenchEvent, { type: 'task-end' }>>,
): BenchEvent => ({
  type: 'task-end',
  competitor: 'a',
  task_id: 't',
  category: 'chat',
  ok: true,
  error: null,
  ttft_ms: 10,
  scores: scores(1),
  completed: 1,
  total: 3,
  ...overrides,
});

describe('benchViewReducer', () => {
  it('should track progress, running means, TTFT percentiles and failures', () => {
    const events: BenchEvent[] = [
      {
        type: 'run-start',
        run_id: 'r',
        target: 'http://x',
        suite: 'public/dev',
        competitors: ['a'],
        tasks: 3,
      },
      taskEnd({ task_id: 't1', ttft_ms: 30, completed: 1 }),
      taskEnd({
        task_id: 't2',
        ttft_ms: 10,
        completed: 2,
        scores: scores(0.5),
      }),
      taskEnd({
        task_id: 't3',
        ok: false,
        ttft_ms: null,
        error: { kind: 'timeout', message: 'Timed out' },
        scores: scores(0),
        completed: 3,
      }),
    ];
    const state = events.reduce(benchViewReducer, initialBenchViewState);
    const [entry] = state.competitors;
    expect(entry).toMatchObject({
      completed: 3,
      total: 3,
      failed: 1,
      ttfts: [10, 30],
      failures: [{ task_id: 't3', message: 'timeout: Timed out' }],
    });
    expect(runningMean(entry!, 'quality')).toBeCloseTo(0.5, 10);
    expect(runningMean(entry!, 'multimodal')).toBeNull();
    expect(runningTtft(entry!)).toEqual({
      p50: 20,
      p99: expect.closeTo(29.8, 6),
    });
  });

  it('should record the composite and the end of the run', () => {
    let state = benchViewReducer(initialBenchViewState, {
      type: 'run-start',
      run_id: 'r',
      target: 'x',
      suite: 's',
      competitors: ['a', 'b'],
      tasks: 1,
    });
    state = benchViewReducer(state, {
      type: 'competitor-end',
      competitor: 'b',
      composite: 42,
      components: scores(0.42),
      metrics: {} as never,
    });
    state = benchViewReducer(state, { type: 'run-end', report: {} as never });
    expect(state.competitors.map(entry => entry.composite)).toEqual([null, 42]);
    expect(state.done).toBe(true);
  });
});
