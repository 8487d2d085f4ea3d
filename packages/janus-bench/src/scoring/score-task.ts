import type { BenchTask } from '../datasets/task-schema';
import type { RequestMeasurement } from '../metrics/request-measurement';
import { costScore } from './cost-score';
import { multimodalScore } from './multimodal-score';
import { createQualityScorer } from './quality/quality-scorer';
import {
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
 * multimodal scorer reads it). A scorer that throws yields a `null` score
 * with the error in its inputs, never a crashed run.
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
      previous[dimension] = await options.scorers[dimension]({
        task: options.task,
        measurement: options.measurement,
        previous,
        signal: options.signal,
      });
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
