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
 * below `highWaterMark` bytes, and a heartbeat fills silences with
 * `: ping` so the gap between frames stays at or below `heartbeatMs`.
 */
export function createSseBody(options: {
  heartbeatMs: number;
  /** Bytes queued before `ready()` waits (default 16 KiB). */
  highWaterMark?: number;
  onCancel(reason: unknown): void;
}): SseBody {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let written = false;
  // Counts frames; the heartbeat compares it between ticks (cheaper than a
  // clock read per write).
  let frames = 0;
  let framesAtTick = -1;
  let template: ChunkTemplate | undefined;
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
  // Frames written close together are joined and encoded once (on the next
  // macrotask, at `ready()`, or at 8 KiB): one TextEncoder call and one
  // enqueue per burst instead of per chunk, the writer's main cost.
  const flushBytes = 8 * 1024;
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    if (!closed) controller.enqueue(encoder.encode(text));
  };
  const enqueue = (text: string) => {
    if (closed) return;
    written = true;
    frames++;
    // A macrotask, not a microtask: an async generator's `await` runs the
    // microtask queue between chunks, which would flush every chunk alone.
    if (pending === '') setTimeout(flush, 0);
    pending += text;
    if (pending.length >= flushBytes) flush();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      pull: wake,
      cancel(reason) {
        pending = '';
        stop();
        options.onCancel(reason);
      },
    },
    new ByteLengthQueuingStrategy({
      highWaterMark: options.highWaterMark ?? 16 * 1024,
    }),
  );

  return {
    stream,
    get written() {
      return written;
    },
    write: (chunk: ChatCompletionChunk) => {
      template ??= createChunkTemplate(chunk);
      enqueue(template.encode(chunk) ?? encodeSseData(chunk));
    },
    ready: () => {
      flush();
      return closed || (controller.desiredSize ?? 0) > 0
        ? Promise.resolve()
        : new Promise<void>(resolve => waiters.push(resolve));
    },
    startHeartbeat() {
      if (heartbeat !== undefined || closed) return;
      // A tick every half period that saw no frame since the previous tick
      // pings, which bounds the silence to one period without re-arming a
      // timer on every write (that would cost throughput).
      heartbeat = setInterval(() => {
        if (frames === framesAtTick) enqueue(encodeSseComment('ping'));
        framesAtTick = frames;
      }, options.heartbeatMs / 2);
    },
    fail(error) {
      enqueue(encodeSseError(error) + SSE_DONE);
      flush();
      if (!closed) controller.close();
      stop();
    },
    end(usageChunk) {
      enqueue((usageChunk ? encodeSseData(usageChunk) : '') + SSE_DONE);
      flush();
      if (!closed) controller.close();
      stop();
    },
  };
}

interface ChunkTemplate {
  /** The SSE frame of `chunk`, or `undefined` when it does not fit the template. */
  encode(chunk: ChatCompletionChunk): string | undefined;
}

/**
 * Every chunk of one answer shares `id`, `object`, `created` and `model`, so
 * the frame around the delta is built once and only the delta is
 * stringified per chunk (same bytes as `encodeSseData`, a test checks).
 */
function createChunkTemplate(first: ChatCompletionChunk): ChunkTemplate {
  const { id, object, created, model } = first;
  const prefix = `data: {"id":${JSON.stringify(id)},"object":${JSON.stringify(object)},"created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
  return {
    encode(chunk) {
      const choice = chunk.choices[0];
      if (
        chunk.choices.length !== 1 ||
        choice === undefined ||
        choice.index !== 0 ||
        chunk.id !== id ||
        chunk.created !== created ||
        chunk.model !== model ||
        Object.keys(chunk).length !== 5 ||
        Object.keys(choice).length !== 3
      )
        return undefined;
      const finish =
        choice.finish_reason == null
          ? 'null'
          : JSON.stringify(choice.finish_reason);
      return `${prefix}${JSON.stringify(choice.delta)},"finish_reason":${finish}}]}\n\n`;
    },
  };
}
