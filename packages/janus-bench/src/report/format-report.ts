import { plural } from '../internal/plural';
import type { MetricSummary } from '../metrics/summarize';
import { DIMENSIONS } from '../scoring/score-detail';
import type { SavedBenchReport } from './report-schema';

/** Renders rows as an aligned plain-text table (first row = header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    }
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  return [
    line(header),
    widths.map(width => '-'.repeat(width)).join('  '),
    ...body.map(line),
  ].join('\n');
}

/** A number with fixed decimals, `–` for null. */
export function formatNumber(
  value: number | null | undefined,
  digits = 1,
): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toFixed(digits);
}

/** A 0–1 score as 0–100, `n/a` for null. */
export function formatScore(value: number | null): string {
  return value === null ? 'n/a' : (value * 100).toFixed(1);
}

function ms(summary: MetricSummary): string {
  return `${formatNumber(summary.p50)} / ${formatNumber(summary.p99)}`;
}

/**
 * The console report: leaderboard with the five components, latency
 * percentiles, tokens and cost, failures and their kinds (never hidden),
 * per-category scores, and the run notes.
 */
export function formatReport(report: SavedBenchReport): string {
  const out: string[] = [];
  const run = report.run;
  out.push(
    `janus-bench ${report.tool.version} · run ${run.id} · ${run.target} · suite ${run.suite} · ${plural(run.tasks, 'task')} · seed ${run.seed}`,
  );
  out.push('');
  out.push(
    formatTable([
      ['#', 'competitor', 'composite', ...DIMENSIONS, 'failed'],
      ...report.leaderboard.map(entry => {
        const result = report.competitors.find(
          competitor => competitor.competitor === entry.competitor,
        )!;
        return [
          String(entry.rank),
          entry.competitor,
          entry.composite.toFixed(1),
          ...DIMENSIONS.map(dimension =>
            formatScore(result.composite.components[dimension]),
          ),
          `${result.metrics.failed}/${result.metrics.requests}`,
        ];
      }),
    ]),
  );
  out.push('');
  out.push(
    formatTable([
      [
        'competitor',
        'TTFT p50/p99 ms',
        'TTFCT p50/p99 ms',
        'E2E p50/p99 ms',
        'TPOT p50/p99 ms',
        'ITL p50/p99 ms',
        'max gap ms',
        'out tok/s',
        'tokens (usage/est.)',
        'cost $',
        '$/1M tok',
      ],
      ...report.competitors.map(result => {
        const metrics = result.metrics;
        return [
          result.competitor,
          ms(metrics.ttft_ms),
          ms(metrics.ttfct_ms),
          ms(metrics.e2e_ms),
          `${formatNumber(metrics.tpot_ms.p50, 2)} / ${formatNumber(metrics.tpot_ms.p99, 2)}`,
          `${formatNumber(metrics.itl_ms.p50, 2)} / ${formatNumber(metrics.itl_ms.p99, 2)}`,
          formatNumber(metrics.max_event_gap_ms),
          formatNumber(metrics.output_tokens_per_second),
          `${metrics.output_tokens} (${metrics.tokens_source.usage}/${metrics.tokens_source.estimated})`,
          formatNumber(metrics.cost.cost_usd, 4),
          formatNumber(metrics.cost.usd_per_1m_tokens, 2),
        ];
      }),
    ]),
  );
  for (const result of report.competitors) {
    out.push('');
    out.push(`${result.competitor}: per category (0–100)`);
    out.push(
      formatTable([
        ['category', 'tasks', 'failed', ...DIMENSIONS],
        ...Object.entries(result.categories).map(([category, entry]) => [
          category,
          String(entry.tasks),
          String(entry.failed),
          ...DIMENSIONS.map(dimension => formatScore(entry.scores[dimension])),
        ]),
      ]),
    );
    const kinds = Object.entries(result.metrics.error_kinds);
    if (kinds.length > 0) {
      out.push(
        `failures: ${kinds.map(([kind, count]) => `${kind} ×${count}`).join(', ')} (failure rate ${(result.metrics.failure_rate * 100).toFixed(1)}%)`,
      );
      for (const error of result.metrics.errors.slice(0, 5))
        out.push(`  ${error.task_id}: ${error.kind}: ${error.message}`);
    }
  }
  out.push('');
  out.push(`percentiles: ${run.percentile_method}`);
  for (const note of run.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
