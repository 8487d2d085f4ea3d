import { describe, expect, it } from 'vitest';
import { parseRange, sliceByteStream } from './parse-range';

describe('parseRange', () => {
  it('should parse closed, open and suffix ranges', () => {
    expect(parseRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
  });

  it('should ignore malformed or multi-range headers and flag unsatisfiable ones', () => {
    expect(parseRange(null, 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeUndefined();
    expect(parseRange('items=0-1', 10)).toBeUndefined();
    expect(parseRange('bytes=5-2', 10)).toBeUndefined();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    // An empty body has no last N bytes to give.
    expect(parseRange('bytes=-3', 0)).toBe('unsatisfiable');
  });
});

describe('sliceByteStream', () => {
  it('should pass only the requested bytes across chunk boundaries', async () => {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const text of ['abc', 'def', 'ghi'])
          controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const text = await new Response(
      source.pipeThrough(sliceByteStream({ start: 2, end: 6 })),
    ).text();
    expect(text).toBe('cdefg');
  });
});
