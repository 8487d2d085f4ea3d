import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../scoring/composite';
import { defaultScorers, scoreTask } from '../scoring/score-task';
import { fakeMeasurement } from '../test/fake-measurement';
import { renderHtmlReport } from './render-html-report';
import type { BenchReport } from './report-schema';
import { summarizeCompetitor } from './summarize-competitor';

async function reportWith(competitors: string[]): Promise<BenchReport> {
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
      id: 'r1',
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

describe('renderHtmlReport', () => {
  it('should cut long competitor and category names in chart labels, keeping them as tooltips', async () => {
    const names = Array.from(
      { length: 8 },
      (_, index) => `baseline-agent-cli-with-a-long-deployment-name-${index}`,
    );
    const page = renderHtmlReport(await reportWith(names));
    // Every competitor is in the legend of both bar charts, cut with its
    // full name as the tooltip.
    for (const name of names) {
      const tooltip = `<g><title>${name}</title><text class="legend-label"`;
      expect(page.split(tooltip)).toHaveLength(3);
    }
    expect(page).toContain(
      '<g><title>a-private-category-with-a-very-long-name</title><text class="group-label"',
    );
    // Wide charts shrink to the page instead of overflowing it.
    expect(page).toContain('.charts svg{max-width:100%;height:auto}');
  });
});
