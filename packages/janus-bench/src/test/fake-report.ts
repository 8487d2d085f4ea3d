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
