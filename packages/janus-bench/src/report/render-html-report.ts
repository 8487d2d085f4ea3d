import { plural } from '../internal/plural';
import { DIMENSIONS } from '../scoring/score-detail';
import { formatReport } from './format-report';
import type { SavedBenchReport } from './report-schema';
import {
  barChartSvg,
  escapeHtml,
  histogramSvg,
  paletteColour,
} from './svg-charts';

/**
 * A self-contained HTML report (no external assets): leaderboard, inline
 * SVG charts (competitor comparison, per-category scores, TTFT and
 * inter-event gap distributions per competitor), the console tables, and
 * per-task scores with their formulas and inputs.
 */
export function renderHtmlReport(report: SavedBenchReport): string {
  const score = (value: number | null) => (value === null ? null : value * 100);
  const comparison = barChartSvg({
    title: 'Competitor comparison',
    groups: ['composite', ...DIMENSIONS].map(name => ({
      label: name,
      bars: report.competitors.map(result => ({
        series: result.competitor,
        value:
          name === 'composite'
            ? result.composite.score
            : score(
                result.composite.components[
                  name as (typeof DIMENSIONS)[number]
                ],
              ),
      })),
    })),
  });
  const categories = [
    ...new Set(
      report.competitors.flatMap(result => Object.keys(result.categories)),
    ),
  ];
  const perCategory = barChartSvg({
    title: 'Quality per category',
    groups: categories.map(category => ({
      label: category,
      bars: report.competitors.map(result => ({
        series: result.competitor,
        value: score(result.categories[category]?.scores.quality ?? null),
      })),
    })),
  });
  const distributions = report.competitors
    .map((result, index) => {
      const ok = result.tasks.filter(task => task.measurement.ok);
      const ttft = ok
        .map(task => task.measurement.ttft_ms)
        .filter((value): value is number => value !== null);
      const gaps = ok.flatMap(task => task.measurement.event_gaps_ms);
      return `<h3>${escapeHtml(result.competitor)}</h3><div class="charts">${histogramSvg({ values: ttft, title: 'TTFT', unit: 'ms', colour: paletteColour(index) })}${histogramSvg({ values: gaps, title: 'Inter-event gaps', unit: 'ms', colour: paletteColour(index) })}</div>`;
    })
    .join('');
  const taskRows = report.competitors
    .flatMap(result =>
      result.tasks.map(task => {
        const cells = DIMENSIONS.map(dimension => {
          const detail = task.scores[dimension];
          const title = `${detail.formula}\n${JSON.stringify(detail.inputs)}`;
          return `<td title="${escapeHtml(title)}">${detail.score === null ? 'n/a' : (detail.score * 100).toFixed(0)}</td>`;
        }).join('');
        const error = task.measurement.error
          ? `${task.measurement.error.kind}: ${task.measurement.error.message}`
          : '';
        return `<tr><td>${escapeHtml(result.competitor)}</td><td>${escapeHtml(task.task_id)}</td><td>${task.measurement.ok ? 'ok' : 'FAIL'}</td><td>${task.measurement.ttft_ms?.toFixed(1) ?? '–'}</td>${cells}<td>${escapeHtml(error)}</td></tr>`;
      }),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>janus-bench report ${escapeHtml(report.run.id)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:12px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts svg{max-width:100%;height:auto}</style>
</head><body>
<h1>janus-bench report</h1>
<p>Run ${escapeHtml(report.run.id)} · ${escapeHtml(report.run.target)} · suite ${escapeHtml(report.run.suite)} · ${plural(report.run.tasks, 'task')} · ${escapeHtml(report.run.started_at)} · schema v${report.schema_version}</p>
<h2>Scores</h2><div class="charts">${comparison}${perCategory}</div>
<h2>Distributions</h2>${distributions}
<h2>Tables</h2><pre>${escapeHtml(formatReport(report))}</pre>
<h2>Tasks</h2><p>Hover a score for its formula and inputs.</p>
<table><thead><tr><th>competitor</th><th>task</th><th>status</th><th>TTFT ms</th>${DIMENSIONS.map(dimension => `<th>${dimension}</th>`).join('')}<th>error</th></tr></thead><tbody>
${taskRows}
</tbody></table>
</body></html>
`;
}
