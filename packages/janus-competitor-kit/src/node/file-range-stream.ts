import type { FileHandle } from 'node:fs/promises';

/** Bytes per read: Node's own default for file streams. */
const CHUNK_BYTES = 64 * 1024;

/**
 * @internal The bytes `start`..`end` (inclusive) of a file as a web stream
 * that reads one chunk per pull, at its position, so neither a large file
 * nor a large range is ever held in memory and a slow client reads at its
 * own pace. It takes the file already open (so that a delete after the
 * answer began cannot cut it short) and closes it at the end, on cancel (a
 * client that went away) and on error: read it to the end or cancel it.
 */
export function fileRangeStream(options: {
  handle: FileHandle;
  start: number;
  end: number;
}): ReadableStream<Uint8Array> {
  const { end } = options;
  let position = options.start;
  let handle: FileHandle | undefined = options.handle;
  const close = async () => {
    const open = handle;
    handle = undefined;
    await open?.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (position > end) {
            await close();
            controller.close();
            return;
          }
          if (handle === undefined)
            throw new Error('The artifact file is closed');
          const length = Math.min(CHUNK_BYTES, end - position + 1);
          const buffer = new Uint8Array(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          // Shorter than its descriptor says: changed behind the store's back.
          if (bytesRead === 0)
            throw new Error(`Artifact file ended early at byte ${position}`);
          position += bytesRead;
          controller.enqueue(
            bytesRead === length ? buffer : buffer.subarray(0, bytesRead),
          );
          if (position > end) {
            await close();
            controller.close();
          }
        } catch (error) {
          await close().catch(() => {});
          controller.error(error);
        }
      },
      async cancel() {
        await close();
      },
    },
    // Pull only when the consumer reads: nothing is read ahead of it.
    { highWaterMark: 0 },
  );
}
