import { DIMENSIONS, type Dimension } from './score-detail';

/** Composite weights per dimension (any positive scale; normalised by their sum). */
export type Weights = Record<Dimension, number>;

/** The default weights: quality 40, speed 20, cost 15, streaming 15, multimodal 10. */
export const DEFAULT_WEIGHTS: Weights = {
  quality: 40,
  speed: 20,
  cost: 15,
  streaming: 15,
  multimodal: 10,
};

/** A composite with its inputs, for the report. */
export interface CompositeScore {
  /** 0–100. */
  score: number;
  /** Component means, 0–1, `null` when no task applied. */
  components: Record<Dimension, number | null>;
  weights: Weights;
  /** The weights actually used: inapplicable components dropped, the rest renormalised to sum 1. */
  effective_weights: Record<Dimension, number>;
  formula: string;
}

/**
 * `100 * Σ w_i*c_i / Σ w_i` over the components that applied (a run
 * without media tasks has no multimodal component; its weight is spread
 * over the others, never filled with a free score).
 */
export function compositeScore(options: {
  components: Record<Dimension, number | null>;
  weights?: Weights;
}): CompositeScore {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  let total = 0;
  for (const dimension of DIMENSIONS) {
    if (options.components[dimension] !== null) total += weights[dimension];
  }
  const effective = {} as Record<Dimension, number>;
  let score = 0;
  for (const dimension of DIMENSIONS) {
    const component = options.components[dimension];
    const weight =
      component === null || total === 0 ? 0 : weights[dimension] / total;
    effective[dimension] = weight;
    score += weight * (component ?? 0);
  }
  return {
    score: 100 * score,
    components: options.components,
    weights,
    effective_weights: effective,
    formula: '100 * Σ w_i*c_i / Σ w_i over applicable components',
  };
}
