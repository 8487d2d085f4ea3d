import { describe, expect, it } from 'vitest';
import { sliceByteStream } from './slice-byte-stream';

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
