import type { BenchReport } from '../report/report-schema';
import { summarizeCompetitor } from '../report/summarize-competitor';
import { DEFAULT_WEIGHTS } from '../scoring/composite';
import { defaultScorers, scoreTask } from '../scoring/score-task';
import { fakeMeasurement } from './fake-measurement';

/**
 * A one-task report (task `chat-1`, answered `Paris`) for each of
 * `competitors`, for report rendering tests. @internal
 */
export async function fakeReport(options: {
  competitors: string[];
  runId?: string;
}): Promise<BenchReport> {
  const { competitors } = options;
  const task = {
    id: 'chat-1',
    category: 'a-private-category-with-a-very-long-name',
    messages: [{ role: 'user' as const, content: 'Capital of France?' }],
    expected: { answer: 'Paris' },
  };
  const measurement = fakeMeasurement({
    content: 'Paris',
    event_gaps_ms: [10, 20],
  });
  const scores = await scoreTask({
    task,
    measurement,
    scorers: defaultScorers(),
  });
  const results = competitors.map(competitor =>
    summarizeCompetitor({
      competitor,
      tasks: [
        { task_id: task.id, category: task.category, measurement, scores },
      ],
      weights: DEFAULT_WEIGHTS,
    }),
  );
  return {
    schema_version: 1,
    tool: { name: '@janus/bench', version: '0.0.0' },
    run: {
      id: options.runId ?? 'r1',
      started_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:01.000Z',
      duration_ms: 1000,
      target: 'http://127.0.0.1:8000',
      suite: 'custom',
      tasks: 1,
      seed: 42,
      subset: null,
      concurrency: 1,
      rate: null,
      arrival: null,
      warmup: 0,
      timeout_ms: 300_000,
      percentile_method: 'linear',
      judge: null,
      sandy: false,
      notes: [],
    },
    competitors: results,
    leaderboard: results.map((result, index) => ({
      rank: index + 1,
      competitor: result.competitor,
      composite: result.composite.score,
      failure_rate: 0,
    })),
  };
}

/**
 * What a newer writer of the same `schema_version` may produce: `fakeReport`
 * whose one task failed with an `error.kind` this version does not know
 * (`future_kind`), a new `tokens_source` and `run.arrival`, and fields it
 * does not know at the top (`future_field`) and in the measurement
 * (`future_measurement_field`). Plain JSON, as read from a file. @internal
 */
export async function fakeNewerWriterReport(options: {
  competitors: string[];
  runId?: string;
}): Promise<Record<string, unknown>> {
  const report = await fakeReport(options);
  const error = { kind: 'future_kind', message: 'a newer failure' };
  return {
    ...report,
    future_field: { added: 'later' },
    run: { ...report.run, arrival: 'future_arrival' },
    competitors: report.competitors.map(result => ({
      ...result,
      metrics: {
        ...result.metrics,
        succeeded: 0,
        failed: 1,
        failure_rate: 1,
        error_kinds: { [error.kind]: 1 },
        errors: [{ task_id: 'chat-1', ...error }],
      },
      tasks: result.tasks.map(task => ({
        ...task,
        measurement: {
          ...task.measurement,
          ok: false,
          error: { ...error, status: null },
          tokens_source: 'future_source',
          future_measurement_field: 7,
        },
      })),
    })),
  };
}
