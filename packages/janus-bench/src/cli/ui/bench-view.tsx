import { Box, Text } from 'ink';
import { plural } from '../../internal/plural';
import { DIMENSIONS } from '../../scoring/score-detail';
import {
  type BenchViewState,
  type CompetitorViewState,
  runningMean,
  runningTtft,
} from './bench-view-state';
import { fitBenchView } from './fit-bench-view';

function bar(completed: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((completed / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const format = (value: number | null, digits = 0) =>
  value === null ? '–' : value.toFixed(digits);

/** Name, progress, failures and composite: the first line of a row. */
function Progress({
  entry,
  barWidth,
}: {
  entry: CompetitorViewState;
  barWidth: number;
}) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{entry.competitor}</Text>{' '}
      {bar(entry.completed, entry.total, barWidth)} {entry.completed}/
      {entry.total}
      {entry.failed > 0 ? (
        <Text color="red"> {entry.failed} failed</Text>
      ) : null}
      {entry.composite !== null ? (
        <Text color="green"> composite {entry.composite.toFixed(1)}</Text>
      ) : null}
    </Text>
  );
}

function CompetitorRow({ entry }: { entry: CompetitorViewState }) {
  const ttft = runningTtft(entry);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Progress entry={entry} barWidth={30} />
      <Text wrap="truncate-end">
        {DIMENSIONS.map(
          dimension =>
            `${dimension} ${format(scaled(runningMean(entry, dimension)))}`,
        ).join('  ')}
        {'  '}TTFT p50 {format(ttft.p50, 1)} ms · p99 {format(ttft.p99, 1)} ms
      </Text>
      {entry.failures.map(failure => (
        <Text key={failure.task_id} color="red" wrap="truncate-end">
          ✗ {failure.task_id}: {failure.message}
        </Text>
      ))}
    </Box>
  );
}

function scaled(value: number | null): number | null {
  return value === null ? null : value * 100;
}

function Header({ state }: { state: BenchViewState }) {
  // Before `run-start` the suite is being loaded: no target or count yet.
  if (state.runId === null)
    return <Text dimColor>janus-bench · loading the suite…</Text>;
  return (
    <Text dimColor wrap="truncate-end">
      janus-bench · {state.target} · suite {state.suite} ·{' '}
      {plural(state.tasks, 'task')}
      {state.done ? ' · done' : ''}
    </Text>
  );
}

/**
 * The live run view: progress bar, running per-dimension scores, failures,
 * p50/p99 TTFT per competitor. Given the terminal's `rows`, it stays below
 * that height (one line per competitor, then only some of them; see
 * {@link fitBenchView}).
 */
export function BenchView({
  state,
  rows,
}: {
  state: BenchViewState;
  rows?: number;
}) {
  const layout = fitBenchView({ state, rows });
  const { hidden } = layout;
  return (
    <Box flexDirection="column">
      <Header state={state} />
      {layout.competitors.map(entry =>
        layout.mode === 'full' ? (
          <CompetitorRow key={entry.competitor} entry={entry} />
        ) : (
          <Progress key={entry.competitor} entry={entry} barWidth={10} />
        ),
      )}
      {hidden ? (
        <Text dimColor wrap="truncate-end">
          … and {hidden.done + hidden.waiting} more ({hidden.done} done,{' '}
          {hidden.waiting} to run)
        </Text>
      ) : null}
    </Box>
  );
}
