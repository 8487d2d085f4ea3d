import type { BenchTask } from '../datasets/task-schema';
import type { RequestMeasurement } from '../metrics/request-measurement';
import { costScore } from './cost-score';
import { multimodalScore } from './multimodal-score';
import { createQualityScorer } from './quality/quality-scorer';
import {
  clamp01,
  DIMENSIONS,
  type Dimension,
  type ScoreDetail,
  type Scorer,
} from './score-detail';
import { speedScore } from './speed-score';
import { streamingScore } from './streaming-score';

/** One scorer per dimension. */
export type Scorers = Record<Dimension, Scorer>;

/** The default scorers (quality without sandbox or judge). */
export function defaultScorers(overrides: Partial<Scorers> = {}): Scorers {
  return {
    quality: createQualityScorer(),
    speed: speedScore,
    cost: costScore,
    streaming: streamingScore,
    multimodal: multimodalScore,
    ...overrides,
  };
}

/**
 * Scores one task on every dimension, in order (quality first: the
 * multimodal scorer reads it). A scorer that throws, or returns a score
 * that is neither `null` nor a number from 0 to 1, yields a `null` score
 * with the error in its inputs, never a crashed run (a NaN would turn the
 * composite into NaN, which JSON writes as `null` and the report schema
 * then refuses on `show`).
 */
export async function scoreTask(options: {
  task: BenchTask;
  measurement: RequestMeasurement;
  scorers: Scorers;
  signal?: AbortSignal;
}): Promise<Record<Dimension, ScoreDetail>> {
  const previous: Partial<Record<Dimension, ScoreDetail>> = {};
  for (const dimension of DIMENSIONS) {
    try {
      const detail = await options.scorers[dimension]({
        task: options.task,
        measurement: options.measurement,
        previous,
        signal: options.signal,
      });
      const score = validScore(detail.score);
      previous[dimension] =
        score !== undefined
          ? { ...detail, score }
          : {
              score: null,
              formula: 'scorer error',
              inputs: {
                error: `the ${dimension} scorer returned ${String(detail.score)}, not a number from 0 to 1`,
                returned: { formula: detail.formula, inputs: detail.inputs },
              },
            };
    } catch (error) {
      previous[dimension] = {
        score: null,
        formula: 'scorer error',
        inputs: { error: String(error) },
      };
    }
  }
  return previous as Record<Dimension, ScoreDetail>;
}

/**
 * The score if it is `null` or a number from 0 to 1 (a rounding error of a
 * weighted mean, such as 1.0000000000000002, is clamped), else `undefined`.
 */
function validScore(score: unknown): number | null | undefined {
  if (score === null) return null;
  if (typeof score !== 'number' || !(score >= -1e-9 && score <= 1 + 1e-9))
    return undefined;
  return clamp01(score);
}
