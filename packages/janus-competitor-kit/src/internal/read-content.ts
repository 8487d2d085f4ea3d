/** A source of bytes: a web stream or any async iterable of chunks. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * The chunks of an artifact's content, whether given whole (`bytes`) or as
 * a stream, so each store has one write loop. Stops at `signal`'s abort even
 * while a read is pending (a stalled sandbox download must not hold the
 * request), and cancels the source when the caller stops early (a size
 * limit) or fails. Anything but `Uint8Array` chunks is a `TypeError`.
 */
export async function* readContent(options: {
  bytes?: Uint8Array | undefined;
  stream?: ByteSource | undefined;
  signal?: AbortSignal | undefined;
}): AsyncGenerator<Uint8Array, void, undefined> {
  const { bytes, stream, signal } = options;
  signal?.throwIfAborted();
  if (bytes !== undefined) {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError('put: bytes must be a Uint8Array');
    yield bytes;
    return;
  }
  if (stream === undefined || stream === null)
    throw new TypeError('put: pass bytes or stream');
  const next = pullerOf(stream);
  let finished = false;
  try {
    while (true) {
      const result = await untilAborted(next.read(), signal);
      if (result.done) {
        finished = true;
        return;
      }
      if (!(result.value instanceof Uint8Array))
        throw new TypeError('put: stream chunks must be Uint8Array');
      yield result.value;
    }
  } finally {
    // Early exit (limit, abort, bad chunk): let the producer stop its work.
    if (!finished) next.stop(signal?.reason);
  }
}

/** One `read()`/`stop()` pair over a web stream or an async iterator. */
function pullerOf(stream: ByteSource): {
  read(): Promise<IteratorResult<Uint8Array, unknown>>;
  stop(reason: unknown): void;
} {
  // Duck-typed: a stream from another realm (or undici's) is not always
  // `instanceof` this global's `ReadableStream`.
  if (typeof (stream as ReadableStream).getReader === 'function') {
    const reader = (stream as ReadableStream<Uint8Array>).getReader();
    return {
      read: async () => {
        const { done, value } = await reader.read();
        return done ? { done: true, value: undefined } : { done, value };
      },
      stop: reason => {
        reader.cancel(reason).catch(() => {});
      },
    };
  }
  if (
    typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] !==
    'function'
  )
    throw new TypeError(
      'put: stream must be a ReadableStream or an async iterable',
    );
  const iterator = (stream as AsyncIterable<Uint8Array>)[
    Symbol.asyncIterator
  ]();
  return {
    read: () => iterator.next(),
    stop: () => {
      iterator.return?.()?.catch?.(() => {});
    },
  };
}

/** `promise`, or a rejection with the abort reason as soon as `signal` aborts. */
async function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return promise;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
