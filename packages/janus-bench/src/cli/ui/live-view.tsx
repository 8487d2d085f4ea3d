import { render } from 'ink';
import type { BenchEvent } from '../../runner/bench-event';
import { BenchView } from './bench-view';
import { benchViewReducer, initialBenchViewState } from './bench-view-state';

/**
 * Drives the ink view from bench events. Redraws at most every
 * `intervalMs` (default 100) so hundreds of concurrent streams do not turn
 * into hundreds of terminal repaints per second.
 */
export function createLiveView(options: {
  stdout: NodeJS.WriteStream;
  intervalMs?: number;
}) {
  let state = initialBenchViewState;
  const instance = render(<BenchView state={state} />, {
    stdout: options.stdout,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    instance.rerender(<BenchView state={state} />);
  };
  return {
    onEvent(event: BenchEvent) {
      state = benchViewReducer(state, event);
      if (event.type === 'run-end' || event.type === 'competitor-end') draw();
      else timer ??= setTimeout(draw, options.intervalMs ?? 100);
    },
    close() {
      if (timer) clearTimeout(timer);
      draw();
      instance.unmount();
    },
  };
}
