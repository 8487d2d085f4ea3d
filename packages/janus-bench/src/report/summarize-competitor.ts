import { aggregateMetrics } from '../metrics/aggregate-metrics';
import { compositeScore, type Weights } from '../scoring/composite';
import { DIMENSIONS, type Dimension } from '../scoring/score-detail';
import { continuityScore } from '../scoring/streaming-score';
import type { CompetitorResult, TaskResult } from './report-schema';

/** Mean of the non-null scores of a dimension, `null` if none applied. */
function meanScore(
  tasks: readonly TaskResult[],
  dimension: Dimension,
): number | null {
  let sum = 0;
  let count = 0;
  for (const task of tasks) {
    const score = task.scores[dimension].score;
    if (score === null) continue;
    sum += score;
    count++;
  }
  return count > 0 ? sum / count : null;
}

function dimensionMeans(
  tasks: readonly TaskResult[],
): Record<Dimension, number | null> {
  const means = {} as Record<Dimension, number | null>;
  for (const dimension of DIMENSIONS)
    means[dimension] = meanScore(tasks, dimension);
  return means;
}

/**
 * Builds a competitor's result from its task results: component means
 * (over every task, failed ones scoring 0), composite, per-category means
 * and aggregated metrics.
 */
export function summarizeCompetitor(options: {
  competitor: string;
  tasks: TaskResult[];
  weights: Weights;
}): CompetitorResult {
  const { tasks } = options;
  const categories: CompetitorResult['categories'] = {};
  const byCategory = new Map<string, TaskResult[]>();
  for (const task of tasks) {
    const group = byCategory.get(task.category) ?? [];
    group.push(task);
    byCategory.set(task.category, group);
  }
  for (const [category, group] of [...byCategory].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    categories[category] = {
      tasks: group.length,
      failed: group.filter(task => !task.measurement.ok).length,
      scores: dimensionMeans(group),
    };
  }
  return {
    competitor: options.competitor,
    composite: compositeScore({
      components: dimensionMeans(tasks),
      weights: options.weights,
    }),
    metrics: aggregateMetrics(
      tasks.map(task => ({
        task_id: task.task_id,
        measurement: task.measurement,
        continuity: continuityScore(task.measurement),
      })),
    ),
    categories,
    tasks,
  };
}
