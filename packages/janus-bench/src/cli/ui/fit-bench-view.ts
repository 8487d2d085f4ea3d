import type { BenchViewState, CompetitorViewState } from './bench-view-state';

/** Which competitors the live view shows, and how. */
export interface BenchViewLayout {
  /** `full`: two lines and the latest failures each; `compact`: one line each. */
  mode: 'full' | 'compact';
  competitors: CompetitorViewState[];
  /** The competitors left out to fit, done and still to run; `null` when none is. */
  hidden: { done: number; waiting: number } | null;
}

/**
 * Fits the live view into `rows` terminal lines, keeping one free: ink
 * redraws a frame as tall as the terminal by clearing the screen and the
 * scrollback, on every redraw. The full layout when it fits, else one line
 * per competitor, else as many lines as fit around the competitor that is
 * running, plus one line counting the others. Every line of the view is
 * one terminal line (long lines are cut, never wrapped), so lines are rows.
 *
 * @param options.rows - terminal height; `undefined` or 0: no limit.
 */
export function fitBenchView(options: {
  state: BenchViewState;
  rows?: number;
}): BenchViewLayout {
  const { competitors } = options.state;
  const header = 1;
  const budget = options.rows ? options.rows - 1 : Number.POSITIVE_INFINITY;
  // Per competitor: two lines, its failures and a blank line.
  const full = competitors.reduce(
    (lines, entry) => lines + 3 + entry.failures.length,
    header,
  );
  if (full <= budget) return { mode: 'full', competitors, hidden: null };
  if (header + competitors.length <= budget)
    return { mode: 'compact', competitors, hidden: null };
  // Competitors run one after another: keep the running one in view, with
  // the ones just finished above it.
  const visible = Math.max(0, budget - header - 1);
  const running = competitors.findIndex(entry => entry.composite === null);
  const anchor = running < 0 ? competitors.length - 1 : running;
  const start = Math.max(
    0,
    Math.min(anchor - visible + 1, competitors.length - visible),
  );
  const shown = competitors.slice(start, start + visible);
  const left = competitors.filter(entry => !shown.includes(entry));
  const done = left.filter(entry => entry.composite !== null).length;
  return {
    mode: 'compact',
    competitors: shown,
    hidden: { done, waiting: left.length - done },
  };
}
