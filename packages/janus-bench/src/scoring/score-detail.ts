import type { BenchTask } from '../datasets/task-schema';
import type { RequestMeasurement } from '../metrics/request-measurement';

/** The five scored dimensions, in composite order. */
export const DIMENSIONS = [
  'quality',
  'speed',
  'cost',
  'streaming',
  'multimodal',
] as const;
/** A scored dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * One score with everything needed to recompute it: the formula in words and
 * the raw inputs it was computed from (traceability, docs/bench.md).
 */
export interface ScoreDetail {
  /** 0–1, or `null` when the dimension does not apply to the task. */
  score: number | null;
  /** The formula, e.g. `0.5*ttft_score + 0.5*rate_score`. */
  formula: string;
  /** The inputs of the formula (measurements, targets, sub-scores). */
  inputs: Record<string, unknown>;
}

/** What a scorer sees for one task. */
export interface ScoreContext {
  task: BenchTask;
  measurement: RequestMeasurement;
  /** Scores of dimensions computed earlier (quality is computed first). */
  previous: Partial<Record<Dimension, ScoreDetail>>;
  /** Aborts slow scorers (judge, sandbox) when the run is cancelled. */
  signal?: AbortSignal;
}

/** A pluggable scorer of one dimension. */
export type Scorer = (
  context: ScoreContext,
) => ScoreDetail | Promise<ScoreDetail>;

/**
 * The piecewise "target" shape (lower is better): 1 up to the target,
 * linear to 0.5 at twice the target, then down by `k` per further target
 * multiple, never below 0. Same shape as the original janus-bench.
 *
 * @example targetScore({ value: 3000, target: 2000, k: 0.1 }) // 0.75
 */
export function targetScore(options: {
  value: number;
  target: number;
  k: number;
}): number {
  const { value, target, k } = options;
  if (value <= target) return 1;
  if (value <= 2 * target) return 1 - (0.5 * (value - target)) / target;
  return Math.max(0, 0.5 - (k * (value - 2 * target)) / target);
}

/** Clamps to [0, 1]. */
export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The detail of a dimension for a failed request: always 0, with the error. */
export function failedDetail(measurement: RequestMeasurement): ScoreDetail {
  return {
    score: 0,
    formula: 'failed request → 0',
    inputs: { ok: false, error: measurement.error },
  };
}
