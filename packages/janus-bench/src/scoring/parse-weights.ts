import type { Weights } from './composite';
import { resolveWeights } from './resolve-weights';
import type { Dimension } from './score-detail';

const ALIASES: Record<string, Dimension> = {
  q: 'quality',
  quality: 'quality',
  s: 'speed',
  speed: 'speed',
  c: 'cost',
  cost: 'cost',
  st: 'streaming',
  streaming: 'streaming',
  m: 'multimodal',
  mm: 'multimodal',
  multimodal: 'multimodal',
};

/**
 * Parses `--weights q=40,s=20,c=15,st=15,m=10` (full names work too);
 * unnamed dimensions keep their default. Each part must be exactly
 * `name=value`: `q`, `q=` and `q=40=5` are refused rather than read as 0 or
 * 40, and a dimension named twice (`q=40,quality=10`) is refused rather than
 * letting the last one win.
 *
 * @throws RangeError naming the bad part: an unknown name, a missing or
 * invalid value, a repeated dimension, or no weight above 0.
 */
export function parseWeights(text: string): Weights {
  const weights: Partial<Weights> = {};
  const seen = new Map<Dimension, string>();
  for (const pair of text
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)) {
    const parts = pair.split('=');
    if (parts.length !== 2)
      throw new RangeError(
        `Invalid weight "${pair}": expected name=value, e.g. q=40`,
      );
    const [name = '', raw = ''] = parts.map(part => part.trim());
    const dimension = ALIASES[name.toLowerCase()];
    if (!dimension)
      throw new RangeError(`Unknown weight "${name}" (use q, s, c, st, m)`);
    // `Number('')` is 0: an empty value would silently zero the dimension.
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(
        `Invalid weight "${pair}": the value must be a number ≥ 0`,
      );
    const previous = seen.get(dimension);
    if (previous !== undefined)
      throw new RangeError(
        `Weight "${pair}" sets ${dimension} again (after "${previous}")`,
      );
    seen.set(dimension, pair);
    weights[dimension] = value;
  }
  return resolveWeights(weights);
}
