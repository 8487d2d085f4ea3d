import type { RequestMeasurement } from './request-measurement';
import { type MetricSummary, summarize } from './summarize';

/** Run-level metrics of one competitor. Latency stats cover successful requests only; failures are counted, never dropped silently. */
export interface AggregateMetrics {
  requests: number;
  succeeded: number;
  failed: number;
  /** failed / requests. */
  failure_rate: number;
  /** Count per error kind. */
  error_kinds: Record<string, number>;
  /** Up to 20 failures with their task and message. */
  errors: { task_id: string; kind: string; message: string }[];
  ttft_ms: MetricSummary;
  ttfct_ms: MetricSummary;
  e2e_ms: MetricSummary;
  tpot_ms: MetricSummary;
  /** Pooled gaps between token-carrying events (ITL). */
  itl_ms: MetricSummary;
  /** Pooled gaps between any events after the first token (keep-alives included). */
  event_gap_ms: MetricSummary;
  /** Largest inter-event gap of any successful request. */
  max_event_gap_ms: number;
  /** Mean continuity score of all requests (failed = 0). */
  continuity: number;
  prompt_tokens: number;
  output_tokens: number;
  /** Requests whose tokens came from server usage vs the estimate. */
  tokens_source: { usage: number; estimated: number };
  /** First request start to last stream close, ms. */
  duration_ms: number;
  /** Σ output tokens of successful requests / duration. */
  output_tokens_per_second: number;
  /** Successful requests / duration. */
  requests_per_second: number;
  /** Most requests in flight at once (sweep line). */
  peak_concurrency: number;
  cost: {
    /** Σ server-reported `cost_usd`, `null` if no request reported it. */
    cost_usd: number | null;
    sandbox_seconds: number;
    total_tokens: number;
    /** cost_usd per million total tokens of the requests that reported a cost, `null` without cost or tokens. */
    usd_per_1m_tokens: number | null;
  };
}

/**
 * Aggregates per-request measurements (percentiles by linear interpolation,
 * see {@link summarize}).
 */
export function aggregateMetrics(
  records: readonly {
    task_id: string;
    measurement: RequestMeasurement;
    continuity: number;
  }[],
): AggregateMetrics {
  const ok = records
    .filter(record => record.measurement.ok)
    .map(record => record.measurement);
  const errorKinds: Record<string, number> = {};
  const errors: AggregateMetrics['errors'] = [];
  for (const { task_id, measurement } of records) {
    if (!measurement.error) continue;
    errorKinds[measurement.error.kind] =
      (errorKinds[measurement.error.kind] ?? 0) + 1;
    if (errors.length < 20)
      errors.push({
        task_id,
        kind: measurement.error.kind,
        message: measurement.error.message,
      });
  }
  const pick = (key: 'ttft_ms' | 'ttfct_ms' | 'e2e_ms' | 'tpot_ms') =>
    summarize(
      ok
        .map(measurement => measurement[key])
        .filter((value): value is number => value !== null),
    );
  const itl: number[] = [];
  const gaps: number[] = [];
  let maxGap = 0;
  let promptTokens = 0;
  let outputTokens = 0;
  let costUsd: number | null = null;
  let sandboxSeconds = 0;
  let totalTokens = 0;
  // Tokens of the requests that reported a cost: the denominator of the
  // price. A request without a cost is unpriced, not free.
  let pricedTokens = 0;
  const source = { usage: 0, estimated: 0 };
  for (const measurement of ok) {
    for (const gap of measurement.token_gaps_ms) itl.push(gap);
    for (const gap of measurement.event_gaps_ms) gaps.push(gap);
    maxGap = Math.max(maxGap, measurement.max_event_gap_ms);
    outputTokens += measurement.output_tokens;
    source[measurement.tokens_source]++;
    const usage = measurement.usage;
    promptTokens += usage?.prompt_tokens ?? 0;
    const tokens = usage?.total_tokens ?? measurement.output_tokens;
    totalTokens += tokens;
    sandboxSeconds += usage?.sandbox_seconds ?? 0;
    if (usage?.cost_usd != null) {
      costUsd = (costUsd ?? 0) + usage.cost_usd;
      pricedTokens += tokens;
    }
  }
  const all = records.map(record => record.measurement);
  const start = Math.min(
    ...all.map(measurement => measurement.start_offset_ms),
  );
  const end = Math.max(
    ...all.map(
      measurement => measurement.start_offset_ms + (measurement.close_ms ?? 0),
    ),
  );
  const duration = all.length > 0 ? end - start : 0;
  const perSecond = (value: number) =>
    duration > 0 ? (value * 1000) / duration : 0;
  return {
    requests: records.length,
    succeeded: ok.length,
    failed: records.length - ok.length,
    failure_rate:
      records.length > 0 ? (records.length - ok.length) / records.length : 0,
    error_kinds: errorKinds,
    errors,
    ttft_ms: pick('ttft_ms'),
    ttfct_ms: pick('ttfct_ms'),
    e2e_ms: pick('e2e_ms'),
    tpot_ms: pick('tpot_ms'),
    itl_ms: summarize(itl),
    event_gap_ms: summarize(gaps),
    max_event_gap_ms: maxGap,
    continuity:
      records.length > 0
        ? records.reduce((sum, record) => sum + record.continuity, 0) /
          records.length
        : 0,
    prompt_tokens: promptTokens,
    output_tokens: outputTokens,
    tokens_source: source,
    duration_ms: duration,
    output_tokens_per_second: perSecond(outputTokens),
    requests_per_second: perSecond(ok.length),
    peak_concurrency: peakConcurrency(all),
    cost: {
      cost_usd: costUsd,
      sandbox_seconds: sandboxSeconds,
      total_tokens: totalTokens,
      usd_per_1m_tokens:
        costUsd !== null && pricedTokens > 0
          ? (costUsd / pricedTokens) * 1e6
          : null,
    },
  };
}

/** Most overlapping `[start, close)` intervals; a departure sorts before an arrival at the same time. */
export function peakConcurrency(
  measurements: readonly RequestMeasurement[],
): number {
  const points: [number, number][] = [];
  for (const measurement of measurements) {
    points.push([measurement.start_offset_ms, 1]);
    points.push([
      measurement.start_offset_ms + (measurement.close_ms ?? 0),
      -1,
    ]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, change] of points) {
    current += change;
    peak = Math.max(peak, current);
  }
  return peak;
}
