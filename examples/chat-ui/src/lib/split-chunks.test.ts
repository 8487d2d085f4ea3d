import { describe, expect, it } from 'vitest';
import { splitChunks } from './split-chunks';

describe('splitChunks', () => {
  it('should cut large chunks into pieces of at most maxBytes, keeping every byte', async () => {
    const input = new Uint8Array(10_000).map((_, index) => index % 251);
    const pieces: Uint8Array[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(input);
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.close();
      },
    }).pipeThrough(splitChunks(4096));
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read())
      pieces.push(read.value);
    expect(pieces.map(piece => piece.byteLength)).toEqual([
      4096, 4096, 1808, 3,
    ]);
    const joined = new Uint8Array(
      pieces.reduce((sum, piece) => sum + piece.byteLength, 0),
    );
    let offset = 0;
    for (const piece of pieces) {
      joined.set(piece, offset);
      offset += piece.byteLength;
    }
    expect(joined.subarray(0, 10_000)).toEqual(input);
  });
});
