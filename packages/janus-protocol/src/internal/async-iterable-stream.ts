/**
 * A `ReadableStream` that is also an `AsyncIterable`, so callers can either
 * `for await` over it or `pipeThrough`/`pipeTo` it (STYLE.md 7.4, after
 * vercel/ai `async-iterable-stream.ts`). Node 20's web streams are already
 * async-iterable at runtime but not in the DOM typings, and browsers vary.
 */
export type AsyncIterableStream<T> = ReadableStream<T> & AsyncIterable<T>;

/** Wraps a `ReadableStream` so that it is async-iterable everywhere. */
export function createAsyncIterableStream<T>(
  source: ReadableStream<T>,
): AsyncIterableStream<T> {
  const stream = source as AsyncIterableStream<T>;
  stream[Symbol.asyncIterator] = () => {
    const reader = stream.getReader();
    return {
      // Not `async`: handing back the reader's own result object skips an
      // extra promise and allocation per part (the decoder's hot path).
      next(): Promise<IteratorResult<T>> {
        return reader.read().then(result => {
          if (result.done) {
            reader.releaseLock();
            return { done: true, value: undefined };
          }
          return result;
        });
      },
      // Breaking out of a `for await` cancels the stream, so the producer
      // (e.g. an upstream fetch) is aborted rather than left running.
      async return(): Promise<IteratorResult<T>> {
        await reader.cancel();
        reader.releaseLock();
        return { done: true, value: undefined };
      },
    };
  };
  return stream;
}
