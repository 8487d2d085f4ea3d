import {
  type ChatCompletionChunk,
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  SSE_DONE,
} from '@janus/protocol';
import type { CompletionSink } from './completion-stream';

/** @internal The byte stream of one SSE response plus its controls. */
export interface SseBody extends CompletionSink {
  readonly stream: ReadableStream<Uint8Array>;
  /** Whether anything was written yet (after that, errors go in-band). */
  readonly written: boolean;
  /** Starts comment keep-alives whenever the body is silent for `heartbeatMs / 2`. */
  startHeartbeat(): void;
  /** Writes one error event and `[DONE]`, then closes. */
  fail(error: unknown): void;
  /** Writes the optional usage chunk and `[DONE]`, then closes. */
  end(usageChunk?: ChatCompletionChunk): void;
}

/**
 * @internal A pull-aware SSE body: chunks are encoded straight to bytes (no
 * extra transform hop), `ready()` resolves when the client drained the queue
 * below `highWaterMark` chunks, and a heartbeat fills silences with
 * `: ping` so the gap between frames stays at or below `heartbeatMs`.
 */
export function createSseBody(options: {
  heartbeatMs: number;
  highWaterMark?: number;
  onCancel(reason: unknown): void;
}): SseBody {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let written = false;
  let lastWrite = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const resolve of waiters.splice(0)) resolve();
  };
  const stop = () => {
    closed = true;
    if (heartbeat !== undefined) clearInterval(heartbeat);
    wake();
  };
  const enqueue = (text: string) => {
    if (closed) return;
    written = true;
    lastWrite = performance.now();
    controller.enqueue(encoder.encode(text));
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      pull: wake,
      cancel(reason) {
        stop();
        options.onCancel(reason);
      },
    },
    new CountQueuingStrategy({ highWaterMark: options.highWaterMark ?? 64 }),
  );

  return {
    stream,
    get written() {
      return written;
    },
    write: (chunk: ChatCompletionChunk) => enqueue(encodeSseData(chunk)),
    ready: () =>
      closed || (controller.desiredSize ?? 0) > 0
        ? Promise.resolve()
        : new Promise<void>(resolve => waiters.push(resolve)),
    startHeartbeat() {
      if (heartbeat !== undefined || closed) return;
      const half = options.heartbeatMs / 2;
      // Checking every half period bounds the silence to one period without
      // re-arming a timer on every write (which would cost throughput).
      heartbeat = setInterval(() => {
        if (performance.now() - lastWrite >= half)
          enqueue(encodeSseComment('ping'));
      }, half);
    },
    fail(error) {
      enqueue(encodeSseError(error) + SSE_DONE);
      if (!closed) controller.close();
      stop();
    },
    end(usageChunk) {
      enqueue((usageChunk ? encodeSseData(usageChunk) : '') + SSE_DONE);
      if (!closed) controller.close();
      stop();
    },
  };
}
