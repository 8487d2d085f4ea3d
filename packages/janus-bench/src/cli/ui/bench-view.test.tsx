import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { BenchEvent } from '../../runner/bench-event';
import { BenchView } from './bench-view';
import {
  type BenchViewState,
  benchViewReducer,
  initialBenchViewState,
} from './bench-view-state';

/** Eight competitors: five done (two failures each), the sixth running. */
function eightCompetitors(): BenchViewState {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  let state = benchViewReducer(initialBenchViewState, {
    type: 'run-start',
    run_id: 'r',
    target: 'http://127.0.0.1:9',
    suite: 'public/train',
    competitors: names,
    tasks: 7,
  });
  for (const [index, competitor] of names.slice(0, 6).entries()) {
    for (const completed of [1, 2]) {
      state = benchViewReducer(state, {
        type: 'task-end',
        competitor,
        task_id: `t${completed}`,
        category: 'chat',
        ok: false,
        error: { kind: 'http_error', message: 'HTTP 500' },
        ttft_ms: null,
        scores: {
          quality: 0,
          speed: 0,
          cost: 0,
          streaming: 0,
          multimodal: null,
        },
        completed,
        total: 7,
      });
    }
    if (index < 5)
      state = benchViewReducer(state, {
        type: 'competitor-end',
        competitor,
        composite: 50,
      } as BenchEvent);
  }
  return state;
}

describe('BenchView', () => {
  it('should render progress, running scores, TTFT and failures', () => {
    let state = benchViewReducer(initialBenchViewState, {
      type: 'run-start',
      run_id: 'r',
      target: 'http://127.0.0.1:9',
      suite: 'public/dev',
      competitors: ['alpha'],
      tasks: 2,
    });
    state = benchViewReducer(state, {
      type: 'task-end',
      competitor: 'alpha',
      task_id: 'chat-1',
      category: 'chat',
      ok: true,
      error: null,
      ttft_ms: 12.5,
      scores: {
        quality: 1,
        speed: 0.5,
        cost: 1,
        streaming: 1,
        multimodal: null,
      },
      completed: 1,
      total: 2,
    });
    state = benchViewReducer(state, {
      type: 'task-end',
      competitor: 'alpha',
      task_id: 'chat-2',
      category: 'chat',
      ok: false,
      error: { kind: 'http_error', message: 'HTTP 500' },
      ttft_ms: null,
      scores: { quality: 0, speed: 0, cost: 0, streaming: 0, multimodal: null },
      completed: 2,
      total: 2,
    });
    const { lastFrame, unmount } = render(<BenchView state={state} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('suite public/dev');
    expect(frame).toContain('alpha');
    expect(frame).toContain('2/2');
    expect(frame).toContain('1 failed');
    expect(frame).toContain('quality 50');
    expect(frame).toContain('multimodal –');
    expect(frame).toContain('TTFT p50 12.5 ms');
    expect(frame).toContain('chat-2: http_error: HTTP 500');
    unmount();
  });

  it('should stay below the terminal height with many competitors, keeping the running one', () => {
    const { lastFrame, unmount } = render(
      <BenchView state={eightCompetitors()} rows={8} />,
    );
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(7);
    // One line per competitor, around the running one (f).
    expect(lines.slice(1, -1).map(line => line.split(' ')[0])).toEqual([
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    expect(lines.at(-1)).toBe('… and 3 more (1 done, 2 to run)');
    unmount();
  });

  it('should use one line per competitor when all fit that way', () => {
    const { lastFrame, unmount } = render(
      <BenchView state={eightCompetitors()} rows={20} />,
    );
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[6]).toMatch(/^f █{3}░{7} 2\/7 2 failed$/);
    unmount();
  });

  it('should say the suite is loading before the run starts, not print empty fields', () => {
    const { lastFrame, unmount } = render(
      <BenchView state={initialBenchViewState} rows={20} />,
    );
    expect(lastFrame()).toBe('janus-bench · loading the suite…');
    unmount();
  });
});
