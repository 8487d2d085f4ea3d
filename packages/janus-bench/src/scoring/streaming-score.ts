import type { RequestMeasurement } from '../metrics/request-measurement';
import {
  failedDetail,
  type ScoreContext,
  type ScoreDetail,
  targetScore,
} from './score-detail';

/** A gap between events longer than this is a stall, ms (competitors should emit at least every second). */
export const STALL_THRESHOLD_MS = 1000;

/**
 * Continuity of one stream, 0–1: the share of the streaming span (first
 * token to last event) not spent stalled, where a stall is the part of any
 * inter-event gap beyond {@link STALL_THRESHOLD_MS} (keep-alives count as
 * events, so a competitor that pings while working is continuous).
 * A failed or empty stream scores 0; a stream with one event scores 1.
 */
export function continuityScore(measurement: RequestMeasurement): number {
  if (!measurement.ok || measurement.token_events === 0) return 0;
  let span = 0;
  let stalled = 0;
  for (const gap of measurement.event_gaps_ms) {
    span += gap;
    if (gap > STALL_THRESHOLD_MS) stalled += gap - STALL_THRESHOLD_MS;
  }
  return span <= 0 ? 1 : 1 - stalled / span;
}

/**
 * Streaming of one task: `0.4*ttft_score + 0.4*continuity + 0.2*completion`,
 * with `ttft_score = targetScore(ttft, 2000 ms, k=0.2)` and `completion =
 * min(1, output_tokens / min_tokens)` (1 without `min_tokens`). A failed or
 * empty stream scores 0 (the original scored it 1.0).
 */
export function streamingScore(context: ScoreContext): ScoreDetail {
  const { measurement, task } = context;
  if (!measurement.ok || measurement.ttft_ms === null)
    return failedDetail(measurement);
  const target = task.expected.ttft_target_ms ?? 2000;
  const ttft = targetScore({ value: measurement.ttft_ms, target, k: 0.2 });
  const continuity = continuityScore(measurement);
  const minTokens = task.expected.min_tokens;
  const completion = minTokens
    ? Math.min(1, measurement.output_tokens / minTokens)
    : 1;
  return {
    score: 0.4 * ttft + 0.4 * continuity + 0.2 * completion,
    formula: '0.4*ttft_score + 0.4*continuity + 0.2*completion',
    inputs: {
      ttft_ms: measurement.ttft_ms,
      ttft_target_ms: target,
      ttft_score: ttft,
      continuity,
      stall_threshold_ms: STALL_THRESHOLD_MS,
      max_event_gap_ms: measurement.max_event_gap_ms,
      keep_alives: measurement.keep_alives,
      output_tokens: measurement.output_tokens,
      min_tokens: minTokens ?? null,
      completion,
    },
  };
}
