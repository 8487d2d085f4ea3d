import { render } from 'ink';
import type { BenchEvent } from '../../runner/bench-event';
import { BenchView } from './bench-view';
import { benchViewReducer, initialBenchViewState } from './bench-view-state';

/**
 * Drives the ink view from bench events. Redraws at most every
 * `intervalMs` (default 100) so hundreds of concurrent streams do not turn
 * into hundreds of terminal repaints per second, and at once on a resize.
 */
export function createLiveView(options: {
  stdout: NodeJS.WriteStream;
  intervalMs?: number;
}) {
  const stdout = withUsableSize(options.stdout);
  let state = initialBenchViewState;
  const view = () => <BenchView state={state} rows={stdout.rows} />;
  const instance = render(view(), {
    stdout,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    instance.rerender(view());
  };
  // The view fits the terminal's height, which a resize changes.
  stdout.on('resize', draw);
  return {
    onEvent(event: BenchEvent) {
      state = benchViewReducer(state, event);
      if (event.type === 'run-end' || event.type === 'competitor-end') draw();
      else timer ??= setTimeout(draw, options.intervalMs ?? 100);
    },
    close() {
      if (timer) clearTimeout(timer);
      stdout.off('resize', draw);
      draw();
      instance.unmount();
    },
  };
}

/**
 * The terminal as ink should see it: a TTY that reports 0 columns or rows
 * (`stty cols 0`, some containers) counts as 80 × 24. With 0 columns ink
 * lays the view out one character per line.
 */
function withUsableSize(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stdout, {
    get(target, key) {
      if (key === 'columns') return target.columns || 80;
      if (key === 'rows') return target.rows || 24;
      const value = Reflect.get(target, key, target);
      // Methods run on the stream itself (its private fields, `this`).
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
