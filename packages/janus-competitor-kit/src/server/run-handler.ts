import type { ChatCompletionRequest, JanusEvent } from '@janus/protocol';
import type { ArtifactStore } from '../artifacts/artifact-store';
import type { Logger } from '../logger/logger';
import type { CompletionStream } from './completion-stream';

/** What a competitor's `handle` gets besides the request and the stream. */
export interface CompetitorContext {
  /** Aborted when the client disconnects; pass it to every upstream call. */
  signal: AbortSignal;
  /** `X-Request-Id` of the request (generated when absent). */
  requestId: string;
  /** The raw HTTP request (headers, URL). */
  httpRequest: Request;
  /**
   * Registers a cleanup (e.g. terminate a sandbox). Cleanups run once, last
   * registered first, when the answer ends, fails, or the client disconnects
   * (at once, without waiting for the handler); one registered after that
   * runs at once. A cleanup that throws is logged (`cleanup failed`) and the
   * others still run. `serve().close()` waits for them (bounded).
   */
  onCleanup(cleanup: () => unknown): void;
  /** The competitor's logger. */
  logger: Logger;
  /** The competitor's artifact store (served at `/artifacts/:id`). */
  artifacts: ArtifactStore;
}

/**
 * A competitor's answer logic, written once for stream and non-stream
 * requests. Either an async function that writes to `stream`, or an async
 * generator: yielded strings are content, yielded Janus events are events,
 * and the generator is `return()`ed when the client disconnects.
 */
export type CompetitorHandler<Context = CompetitorContext> = (
  request: ChatCompletionRequest,
  stream: CompletionStream,
  context: Context,
) =>
  | Promise<void>
  | void
  | AsyncIterable<string | JanusEvent | undefined, void, undefined>;

/** @internal Runs a handler to completion, honouring aborts and backpressure. */
export async function runHandler<
  Context extends { signal: AbortSignal },
>(options: {
  handle: CompetitorHandler<Context>;
  request: ChatCompletionRequest;
  stream: CompletionStream;
  context: Context;
}): Promise<void> {
  const { stream, context } = options;
  const result = options.handle(options.request, stream, context);
  if (!isAsyncIterable(result)) {
    await result;
    return;
  }
  const iterator = result[Symbol.asyncIterator]();
  // A generator paused at `yield` finishes (running its `finally`) at once;
  // one busy in an `await` finishes at its next `yield`.
  const onAbort = () => {
    iterator.return?.().catch(() => {});
  };
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (let count = 0; !context.signal.aborted; count++) {
      // Checking backpressure every 32 steps (not every step) lets frames
      // batch; the queue can overshoot by at most 32 chunks.
      if (count % 32 === 31) await stream.ready();
      const step = await iterator.next();
      if (step.done) break;
      const value = step.value;
      if (typeof value === 'string') stream.content(value);
      else if (value) stream.event(value.event, value.payload as never);
    }
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
}

function isAsyncIterable(
  value: unknown,
): value is AsyncIterable<string | JanusEvent | undefined> {
  return (
    value != null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] ===
      'function'
  );
}
