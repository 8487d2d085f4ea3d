import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from './composite';
import { parseWeights } from './parse-weights';
import { resolveWeights } from './resolve-weights';

describe('parseWeights', () => {
  it('should keep the default of every dimension it does not name', () => {
    expect(parseWeights('quality=50, st=5,')).toEqual({
      ...DEFAULT_WEIGHTS,
      quality: 50,
      streaming: 5,
    });
  });

  it.each([
    ['q', 'Invalid weight "q": expected name=value, e.g. q=40'],
    ['q=', 'Invalid weight "q=": the value must be a number ≥ 0'],
    ['q= ,s=1', 'Invalid weight "q=": the value must be a number ≥ 0'],
    ['q=40=5', 'Invalid weight "q=40=5": expected name=value, e.g. q=40'],
    ['q=-1', 'Invalid weight "q=-1": the value must be a number ≥ 0'],
    ['q=abc', 'Invalid weight "q=abc": the value must be a number ≥ 0'],
    [
      'q=Infinity',
      'Invalid weight "q=Infinity": the value must be a number ≥ 0',
    ],
    ['zz=1', 'Unknown weight "zz" (use q, s, c, st, m)'],
    ['q=40,q=10', 'Weight "q=10" sets quality again (after "q=40")'],
    [
      'q=40,quality=10',
      'Weight "quality=10" sets quality again (after "q=40")',
    ],
    ['q=0,s=0,c=0,st=0,m=0', 'At least one weight must be above 0'],
  ])('should refuse %j, naming the bad part', (text, message) => {
    expect(() => parseWeights(text)).toThrow(RangeError);
    expect(() => parseWeights(text)).toThrow(message);
  });
});

describe('resolveWeights', () => {
  it('should give the defaults without weights and fill the dimensions left out', () => {
    expect(resolveWeights()).toEqual(DEFAULT_WEIGHTS);
    expect(resolveWeights({ quality: 100 })).toEqual({
      ...DEFAULT_WEIGHTS,
      quality: 100,
    });
  });

  it.each([
    [{ quality: Number.NaN }, 'Invalid weight quality: NaN (a number ≥ 0)'],
    [{ speed: -5 }, 'Invalid weight speed: -5 (a number ≥ 0)'],
    [{ cost: '10' }, 'Invalid weight cost: 10 (a number ≥ 0)'],
    [{ qualty: 50 }, 'Unknown weight "qualty" (use quality, speed, cost'],
    [
      { quality: 0, speed: 0, cost: 0, streaming: 0, multimodal: 0 },
      'At least one weight must be above 0',
    ],
  ])('should refuse %j', (weights, message) => {
    expect(() => resolveWeights(weights as never)).toThrow(message);
  });
});
