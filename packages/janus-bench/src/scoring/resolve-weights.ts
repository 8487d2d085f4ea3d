import { DEFAULT_WEIGHTS, type Weights } from './composite';
import { DIMENSIONS, type Dimension } from './score-detail';

/**
 * Completes and checks composite weights. A dimension left out keeps its
 * default weight, as with `--weights q=50`; every weight must be a finite
 * number ≥ 0 and at least one above 0. Without this, a NaN, a negative or an
 * all-zero weight gave a NaN composite (saved as `null`, which `show` then
 * refused), one above 100, or a silent 0.
 *
 * @param weights - weights per dimension; `undefined` gives the defaults.
 * @returns every dimension's weight.
 * @throws RangeError naming the bad weight (an unknown name, a value that is
 * not a finite number ≥ 0) or saying that none is above 0.
 */
export function resolveWeights(weights?: Partial<Weights>): Weights {
  const resolved = { ...DEFAULT_WEIGHTS };
  for (const [name, value] of Object.entries(weights ?? {})) {
    if (!(DIMENSIONS as readonly string[]).includes(name))
      throw new RangeError(
        `Unknown weight "${name}" (use ${DIMENSIONS.join(', ')})`,
      );
    // An explicit `undefined` (an optional field left unset) keeps the default.
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new RangeError(
        `Invalid weight ${name}: ${String(value)} (a number ≥ 0)`,
      );
    resolved[name as Dimension] = value;
  }
  if (DIMENSIONS.every(dimension => resolved[dimension] === 0))
    throw new RangeError(
      `At least one weight must be above 0: ${DIMENSIONS.map(dimension => `${dimension} ${resolved[dimension]}`).join(', ')}`,
    );
  return resolved;
}
