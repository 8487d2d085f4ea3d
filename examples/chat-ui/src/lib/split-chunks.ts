/**
 * A transform that cuts byte chunks into pieces of at most `maxBytes` (views,
 * no copies). Downstream decoding then works in bounded steps between which
 * the consumer can yield to the browser.
 *
 * @param maxBytes - Largest piece, in bytes.
 */
export function splitChunks(
  maxBytes: number,
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>(
    {
      transform(chunk, controller) {
        for (let offset = 0; offset < chunk.byteLength; offset += maxBytes)
          controller.enqueue(chunk.subarray(offset, offset + maxBytes));
      },
    },
    undefined,
    // Hold few pieces: the decoder pulls them one by one.
    { highWaterMark: 1 },
  );
}
