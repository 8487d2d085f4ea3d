import type { ByteRange } from '@janus/protocol';

/**
 * Passes only bytes `start..end` (inclusive) of a byte stream, for upstreams
 * that ignore `Range`.
 */
export function sliceByteStream(
  range: ByteRange,
): TransformStream<Uint8Array, Uint8Array> {
  let offset = 0;
  return new TransformStream({
    transform(chunk, controller) {
      const chunkStart = offset;
      offset += chunk.byteLength;
      const from = Math.max(range.start - chunkStart, 0);
      const to = Math.min(range.end + 1 - chunkStart, chunk.byteLength);
      if (to > from) controller.enqueue(chunk.subarray(from, to));
      if (offset > range.end) controller.terminate();
    },
  });
}
