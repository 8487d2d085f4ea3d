import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { BenchView } from './bench-view';
import { benchViewReducer, initialBenchViewState } from './bench-view-state';

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
});
