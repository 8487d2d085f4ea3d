import { Box, Text } from 'ink';
import { DIMENSIONS } from '../../scoring/score-detail';
import {
  type BenchViewState,
  type CompetitorViewState,
  runningMean,
  runningTtft,
} from './bench-view-state';

function bar(completed: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((completed / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const format = (value: number | null, digits = 0) =>
  value === null ? '–' : value.toFixed(digits);

function CompetitorRow({ entry }: { entry: CompetitorViewState }) {
  const ttft = runningTtft(entry);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text bold>{entry.competitor}</Text> {bar(entry.completed, entry.total)}{' '}
        {entry.completed}/{entry.total}
        {entry.failed > 0 ? (
          <Text color="red"> {entry.failed} failed</Text>
        ) : null}
        {entry.composite !== null ? (
          <Text color="green"> composite {entry.composite.toFixed(1)}</Text>
        ) : null}
      </Text>
      <Text>
        {DIMENSIONS.map(
          dimension =>
            `${dimension} ${format(scaled(runningMean(entry, dimension)))}`,
        ).join('  ')}
        {'  '}TTFT p50 {format(ttft.p50, 1)} ms · p99 {format(ttft.p99, 1)} ms
      </Text>
      {entry.failures.map(failure => (
        <Text key={failure.task_id} color="red">
          ✗ {failure.task_id}: {failure.message}
        </Text>
      ))}
    </Box>
  );
}

function scaled(value: number | null): number | null {
  return value === null ? null : value * 100;
}

/** The live run view: progress bar, running per-dimension scores, failures, p50/p99 TTFT per competitor. */
export function BenchView({ state }: { state: BenchViewState }) {
  return (
    <Box flexDirection="column">
      <Text dimColor>
        janus-bench · {state.target} · suite {state.suite} · {state.tasks} tasks
        {state.done ? ' · done' : ''}
      </Text>
      {state.competitors.map(entry => (
        <CompetitorRow key={entry.competitor} entry={entry} />
      ))}
    </Box>
  );
}
