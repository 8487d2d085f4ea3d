import {
  failedDetail,
  type ScoreContext,
  type ScoreDetail,
  targetScore,
} from './score-detail';

/** Defaults of the speed score. */
export const SPEED_DEFAULTS = {
  /** TTFT at or under which the TTFT part is 1, ms. */
  ttftTargetMs: 2000,
  /** Decode rate (1/TPOT) at or above which the rate part is 1, tokens/s. */
  tokensPerSecondTarget: 20,
};

/**
 * Speed of one task: `0.5 * ttft_score + 0.5 * rate_score`, where
 * `ttft_score = targetScore(ttft, target, k=0.1)` and
 * `rate_score = min(1, decode_rate / 20)` with `decode_rate = 1000 / TPOT`.
 * A request with fewer than two output tokens has no TPOT: TTFT alone.
 * TPOT 0 (every token arrived at once after the first) is an instant
 * decode: full rate credit (the wait is already in TTFT). A failed request
 * scores 0.
 */
export function speedScore(context: ScoreContext): ScoreDetail {
  const { measurement, task } = context;
  if (!measurement.ok || measurement.ttft_ms === null)
    return failedDetail(measurement);
  const target = task.expected.ttft_target_ms ?? SPEED_DEFAULTS.ttftTargetMs;
  const ttftScore = targetScore({ value: measurement.ttft_ms, target, k: 0.1 });
  const inputs: Record<string, unknown> = {
    ttft_ms: measurement.ttft_ms,
    ttft_target_ms: target,
    ttft_score: ttftScore,
    tpot_ms: measurement.tpot_ms,
  };
  if (measurement.tpot_ms === null) {
    return {
      score: ttftScore,
      formula: 'ttft_score (fewer than 2 tokens)',
      inputs,
    };
  }
  // TPOT 0: an infinite rate, which JSON cannot hold (null in the report).
  const rate =
    measurement.tpot_ms > 0
      ? 1000 / measurement.tpot_ms
      : Number.POSITIVE_INFINITY;
  const rateScore = Math.min(1, rate / SPEED_DEFAULTS.tokensPerSecondTarget);
  Object.assign(inputs, {
    decode_tokens_per_second: Number.isFinite(rate) ? rate : null,
    rate_target: SPEED_DEFAULTS.tokensPerSecondTarget,
    rate_score: rateScore,
  });
  return {
    score: 0.5 * ttftScore + 0.5 * rateScore,
    formula: '0.5*ttft_score + 0.5*rate_score',
    inputs,
  };
}
