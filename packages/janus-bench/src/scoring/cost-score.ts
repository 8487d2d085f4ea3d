import {
  failedDetail,
  type ScoreContext,
  type ScoreDetail,
  targetScore,
} from './score-detail';

/** Defaults of the cost score. */
export const COST_DEFAULTS = {
  /** Total tokens target when a task names no `baseline_tokens`. */
  totalTokensTarget: 1000,
  /** Cost target per task, USD. */
  costUsdTarget: 0.01,
  /** Sandbox time target per task, s. */
  sandboxSecondsTarget: 30,
};

/**
 * Cost of one task: weighted mean of piecewise target scores (k = 0.1) on
 * total tokens (weight 0.5; target = the task's `baseline_tokens` on output
 * tokens, else 1000 total tokens), `cost_usd` (0.3, target $0.01) and
 * `sandbox_seconds` (0.2, target 30 s), renormalised over the inputs the
 * server reported. No neutral default: a failed request scores 0.
 */
export function costScore(context: ScoreContext): ScoreDetail {
  const { measurement, task } = context;
  if (!measurement.ok) return failedDetail(measurement);
  const usage = measurement.usage;
  const baseline = task.expected.baseline_tokens;
  const tokens =
    baseline !== undefined
      ? measurement.output_tokens
      : (usage?.total_tokens ?? measurement.output_tokens);
  const target = baseline ?? COST_DEFAULTS.totalTokensTarget;
  const part = (name: string, weight: number, value: number, goal: number) => ({
    name,
    weight,
    value,
    target: goal,
    score: targetScore({ value, target: goal, k: 0.1 }),
  });
  const tokensName = baseline !== undefined ? 'output_tokens' : 'total_tokens';
  const parts = [part(tokensName, 0.5, tokens, target)];
  if (usage?.cost_usd != null) {
    parts.push(
      part('cost_usd', 0.3, usage.cost_usd, COST_DEFAULTS.costUsdTarget),
    );
  }
  if (usage?.sandbox_seconds != null) {
    const goal = COST_DEFAULTS.sandboxSecondsTarget;
    parts.push(part('sandbox_seconds', 0.2, usage.sandbox_seconds, goal));
  }
  let weighted = 0;
  let weights = 0;
  for (const part of parts) {
    weighted += part.weight * part.score;
    weights += part.weight;
  }
  return {
    score: weighted / weights,
    formula: 'Σ w_i*targetScore(x_i, t_i, k=0.1) / Σ w_i over reported inputs',
    inputs: { parts, tokens_source: measurement.tokens_source },
  };
}
