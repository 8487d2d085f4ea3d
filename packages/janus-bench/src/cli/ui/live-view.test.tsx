import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BenchEvent } from '../../runner/bench-event';
import { createLiveView } from './live-view';

/** A terminal of `columns` × `rows` that records what is written to it. */
function fakeTerminal(columns: number, rows: number) {
  const terminal = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns,
    rows,
    output: '',
    write(text: string) {
      terminal.output += text;
      return true;
    },
  });
  return terminal;
}

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const events: BenchEvent[] = [
  {
    type: 'run-start',
    run_id: 'r',
    target: 'http://127.0.0.1:9',
    suite: 'public/train',
    competitors: names,
    tasks: 2,
  },
  ...names.flatMap((competitor): BenchEvent[] => [
    ...[1, 2].map(
      (completed): BenchEvent => ({
        type: 'task-end',
        competitor,
        task_id: `t${completed}`,
        category: 'chat',
        ok: true,
        error: null,
        ttft_ms: 10,
        scores: {
          quality: 1,
          speed: 1,
          cost: 1,
          streaming: 1,
          multimodal: null,
        },
        completed,
        total: 2,
      }),
    ),
    { type: 'competitor-end', competitor, composite: 100 } as BenchEvent,
  ]),
];

describe('createLiveView', () => {
  it('should never clear the screen and scrollback, with 8 competitors on 20 rows', () => {
    const terminal = fakeTerminal(40, 20);
    const view = createLiveView({
      stdout: terminal as unknown as NodeJS.WriteStream,
      intervalMs: 0,
    });
    for (const event of events) view.onEvent(event);
    view.close();
    expect(terminal.output).toContain('h ██████████ 2/2 composite 100.0');
    expect(terminal.output).not.toContain('\u001B[3J');
  });

  it('should lay the view out 80 columns wide on a terminal that reports 0 columns', () => {
    // Where ink looks next for a size: a `stty cols 0` terminal says 0 too.
    vi.stubEnv('COLUMNS', '0');
    vi.stubEnv('LINES', '0');
    try {
      const terminal = fakeTerminal(0, 0);
      const view = createLiveView({
        stdout: terminal as unknown as NodeJS.WriteStream,
      });
      view.onEvent(events[0]!);
      view.close();
      // Not one character per line.
      expect(terminal.output).toContain(
        'janus-bench · http://127.0.0.1:9 · suite public/train · 2 tasks',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
