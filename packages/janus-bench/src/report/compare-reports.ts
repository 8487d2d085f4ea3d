import { DIMENSIONS } from '../scoring/score-detail';
import { formatNumber, formatTable } from './format-report';
import type { SavedBenchReport } from './report-schema';

/** One compared value: `a`, `b` and `b - a`. */
export interface ComparedValue {
  name: string;
  a: number | null;
  b: number | null;
  delta: number | null;
  /** Whether larger values are better (scores) or worse (latencies, failures). */
  higherIsBetter: boolean;
}

/** The comparison of one competitor across two reports. */
export interface CompetitorComparison {
  competitor: string;
  values: ComparedValue[];
}

function value(
  name: string,
  a: number | null | undefined,
  b: number | null | undefined,
  higherIsBetter: boolean,
): ComparedValue {
  const left = a ?? null;
  const right = b ?? null;
  return {
    name,
    a: left,
    b: right,
    delta: left !== null && right !== null ? right - left : null,
    higherIsBetter,
  };
}

/**
 * Compares two reports competitor by competitor (matched by id; with one
 * competitor each, they are compared whatever their ids): composite, the
 * five components (0–100), TTFT/E2E/TPOT p50 and p99, failure rate and
 * output tokens/s, each with `b - a`.
 */
export function compareReports(options: {
  a: SavedBenchReport;
  b: SavedBenchReport;
}): CompetitorComparison[] {
  const { a, b } = options;
  const single = a.competitors.length === 1 && b.competitors.length === 1;
  const comparisons: CompetitorComparison[] = [];
  for (const left of a.competitors) {
    const right = single
      ? b.competitors[0]
      : b.competitors.find(entry => entry.competitor === left.competitor);
    if (!right) continue;
    const score = (x: number | null) => (x === null ? null : x * 100);
    comparisons.push({
      competitor:
        single && left.competitor !== right.competitor
          ? `${left.competitor} → ${right.competitor}`
          : left.competitor,
      values: [
        value('composite', left.composite.score, right.composite.score, true),
        ...DIMENSIONS.map(dimension =>
          value(
            dimension,
            score(left.composite.components[dimension]),
            score(right.composite.components[dimension]),
            true,
          ),
        ),
        value(
          'ttft p50 ms',
          left.metrics.ttft_ms.p50,
          right.metrics.ttft_ms.p50,
          false,
        ),
        value(
          'ttft p99 ms',
          left.metrics.ttft_ms.p99,
          right.metrics.ttft_ms.p99,
          false,
        ),
        value(
          'e2e p50 ms',
          left.metrics.e2e_ms.p50,
          right.metrics.e2e_ms.p50,
          false,
        ),
        value(
          'tpot p50 ms',
          left.metrics.tpot_ms.p50,
          right.metrics.tpot_ms.p50,
          false,
        ),
        value(
          'max gap ms',
          left.metrics.max_event_gap_ms,
          right.metrics.max_event_gap_ms,
          false,
        ),
        value(
          'failure rate %',
          left.metrics.failure_rate * 100,
          right.metrics.failure_rate * 100,
          false,
        ),
        value(
          'output tok/s',
          left.metrics.output_tokens_per_second,
          right.metrics.output_tokens_per_second,
          true,
        ),
      ],
    });
  }
  return comparisons;
}

/**
 * Renders {@link compareReports} as side-by-side tables with signed deltas,
 * `better`/`worse` beside each delta; a note listing each report's
 * competitors when none appears in both.
 */
export function formatComparison(options: {
  a: SavedBenchReport;
  b: SavedBenchReport;
}): string {
  const blocks = compareReports(options).map(comparison => {
    const rows = comparison.values.map(entry => [
      entry.name,
      formatNumber(entry.a, 2),
      formatNumber(entry.b, 2),
      formatDelta(entry),
    ]);
    return `${comparison.competitor}\n${formatTable([['metric', `a (${options.a.run.id})`, `b (${options.b.run.id})`, 'delta (b − a)'], ...rows])}`;
  });
  return blocks.length > 0 ? blocks.join('\n\n') : noCommonCompetitor(options);
}

/** `+1.20 better`, `-3.00 worse`, `+0.00`, or `–` without both values. */
function formatDelta(entry: ComparedValue): string {
  if (entry.delta === null) return '–';
  const signed = `${entry.delta >= 0 ? '+' : ''}${entry.delta.toFixed(2)}`;
  if (entry.delta === 0) return signed;
  return `${signed} ${entry.delta > 0 === entry.higherIsBetter ? 'better' : 'worse'}`;
}

/**
 * Why nothing was compared, with each report's competitors: competitors are
 * matched by id (with one each, whatever their ids).
 *
 * @internal
 */
export function noCommonCompetitor(options: {
  a: SavedBenchReport;
  b: SavedBenchReport;
}): string {
  const names = (report: SavedBenchReport) =>
    report.competitors.map(result => result.competitor).join(', ') || 'none';
  return `No competitor appears in both reports (competitors are matched by id): a (${options.a.run.id}) has ${names(options.a)}; b (${options.b.run.id}) has ${names(options.b)}.`;
}
