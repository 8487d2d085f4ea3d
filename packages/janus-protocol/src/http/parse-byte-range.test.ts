import { describe, expect, it } from 'vitest';
import { parseByteRange } from './parse-byte-range';

describe('parseByteRange', () => {
  it('should parse closed, open and suffix ranges', () => {
    expect(parseByteRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseByteRange(' bytes=5- ', 10)).toEqual({ start: 5, end: 9 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
  });

  it('should ignore malformed, inverted or multi-range headers', () => {
    expect(parseByteRange(null, 10)).toBeUndefined();
    expect(parseByteRange('', 10)).toBeUndefined();
    expect(parseByteRange('bytes=0-1,4-5', 10)).toBeUndefined();
    expect(parseByteRange('items=0-1', 10)).toBeUndefined();
    expect(parseByteRange('bytes=abc', 10)).toBeUndefined();
    expect(parseByteRange('bytes=-', 10)).toBeUndefined();
    expect(parseByteRange('bytes=5-2', 10)).toBeUndefined();
    // Inverted past 2^53, where both bounds round to the same double.
    expect(
      parseByteRange('bytes=9007199254740993-9007199254740992', 10),
    ).toBeUndefined();
    expect(parseByteRange('bytes=0009-10', 20)).toEqual({ start: 9, end: 10 });
  });

  it('should flag ranges that no byte of the body satisfies', () => {
    expect(parseByteRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=10-20', 10)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 10)).toBe('unsatisfiable');
    // An empty body has no last N bytes to give.
    expect(parseByteRange('bytes=-3', 0)).toBe('unsatisfiable');
  });
});
