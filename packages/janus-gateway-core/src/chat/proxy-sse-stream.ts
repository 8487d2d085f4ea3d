import {
  type ChatStreamPart,
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  type JanusError,
  parseChatCompletionStream,
  SSE_DONE,
  SSE_PING,
  TimeoutError,
  toJanusError,
  UpstreamError,
} from '@janus/protocol';
import type { ArtifactRewriter } from '../artifacts/artifact-rewriter';
import type { UpstreamConnection } from './fetch-upstream';
import {
  hasArtifactsEvent,
  rewriteChunkArtifacts,
} from './rewrite-chunk-artifacts';

/** Largest batch of already-delivered events written as one chunk (chars). */
const MAX_BATCH_CHARS = 64 * 1024;
const NOT_READY = Symbol('not-ready');
const notReady = Promise.resolve(NOT_READY);

/** How a proxied stream ended. */
export interface ProxyStreamOutcome {
  /** The error sent as the final event, if any. */
  error?: JanusError;
  /** The client went away (the stream was cancelled). */
  cancelled: boolean;
  /** `[DONE]` was appended because the upstream omitted it. */
  appendedDone: boolean;
}

/**
 * The SSE pass-through (orchestrator of the stream path). Pull-based: the
 * next upstream event is read only when the client has taken the previous
 * one, so a slow client slows the upstream (backpressure) and the gateway
 * holds at most one event per stream. Each upstream event is forwarded as
 * soon as it is decoded; artifacts events are rewritten on the way.
 *
 * One ticker per stream sends `: ping` when nothing was sent for
 * `keepAliveIntervalMs` (also while connecting and retrying), and enforces the
 * first-byte, idle and total timeouts. Every ending (done, upstream error,
 * timeout, cancel) goes through `finish`, which clears the ticker and aborts
 * the upstream, so nothing leaks. Errors end the stream with one
 * `data: {"error":…}` event and `data: [DONE]`.
 *
 * @internal
 */
export function createProxySseStream(options: {
  connection: Promise<UpstreamConnection>;
  /** Aborts the upstream request (all attempts). */
  abortUpstream: (reason: unknown) => void;
  keepAliveIntervalMs: number;
  firstByteMs: number;
  idleMs: number;
  /** Epoch ms at which the total timeout fires (Infinity for none). */
  deadline: number;
  totalMs: number;
  maxEventSize?: number;
  rewriter: ArtifactRewriter;
  onFirstData: () => void;
  onFinish: (outcome: ProxyStreamOutcome) => void;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let parts: ReadableStreamDefaultReader<ChatStreamPart> | undefined;
  let pendingPart:
    | Promise<ReadableStreamReadResult<ChatStreamPart>>
    | undefined;
  let finished = false;
  let sawData = false;
  let lastSentAt = Date.now();
  // The first-byte budget runs from the successful attempt's start; idle
  // silence is measured from the last upstream event.
  let phase: 'connecting' | 'first-byte' | 'streaming' = 'connecting';
  let phaseStartedAt = Date.now();
  let lastUpstreamAt = Date.now();

  // Text forwarded in this pull, written as one chunk by `flush`.
  let batch = '';
  const send = (text: string) => {
    batch += text;
    lastSentAt = Date.now();
  };
  const flush = () => {
    if (batch.length === 0) return;
    controller.enqueue(encoder.encode(batch));
    batch = '';
  };

  const finish = (
    outcome: Omit<ProxyStreamOutcome, 'appendedDone'> & {
      appendedDone?: boolean;
    },
    final?: string,
  ) => {
    if (finished) return;
    finished = true;
    clearInterval(ticker);
    if (!outcome.cancelled) {
      if (outcome.error) send(encodeSseError(outcome.error));
      if (final !== undefined) send(final);
      flush();
      controller.close();
    }
    // A clean end needs no abort: the body is finished (and abort reasons
    // are measurably costly per stream). Errors, timeouts and client
    // cancels abort the upstream request at once.
    if (outcome.error || outcome.cancelled) {
      options.abortUpstream(
        outcome.error ?? new DOMException('The client went away', 'AbortError'),
      );
    }
    parts?.cancel().catch(() => {});
    options.onFinish({ appendedDone: false, ...outcome });
  };

  const fail = (error: unknown) =>
    finish({ error: toJanusError(error), cancelled: false }, SSE_DONE);

  // Half the smallest interval, within [10 ms, 30 s] (all disabled → 30 s).
  const tickMs = Math.max(
    10,
    Math.min(
      30_000,
      ...[
        options.keepAliveIntervalMs,
        options.firstByteMs,
        options.idleMs,
        options.totalMs,
      ]
        .filter(value => value > 0)
        .map(value => value / 2),
    ),
  );
  const ticker = setInterval(() => {
    if (finished) return;
    const now = Date.now();
    if (now >= options.deadline) {
      fail(new TimeoutError({ phase: 'total', timeoutMs: options.totalMs }));
      return;
    }
    if (
      phase === 'first-byte' &&
      options.firstByteMs > 0 &&
      now - phaseStartedAt >= options.firstByteMs
    ) {
      fail(
        new TimeoutError({
          phase: 'first_byte',
          timeoutMs: options.firstByteMs,
        }),
      );
      return;
    }
    if (
      phase === 'streaming' &&
      options.idleMs > 0 &&
      now - lastUpstreamAt >= options.idleMs
    ) {
      fail(new TimeoutError({ phase: 'idle', timeoutMs: options.idleMs }));
      return;
    }
    // At most one queued ping: a client that is not reading gets no more.
    if (
      options.keepAliveIntervalMs > 0 &&
      now - lastSentAt >= options.keepAliveIntervalMs &&
      (controller.desiredSize ?? 0) > 0
    ) {
      send(SSE_PING);
      flush();
    }
  }, tickMs);
  (ticker as { unref?: () => void }).unref?.();

  const connect = async (): Promise<boolean> => {
    try {
      const connection = await options.connection;
      if (finished) return false;
      phase = 'first-byte';
      phaseStartedAt = connection.attemptStartedAt;
      parts = parseChatCompletionStream(connection.response, {
        validate: false,
        keepAlives: true,
        requireDone: false,
        maxEventSize: options.maxEventSize,
      }).getReader();
      return true;
    } catch (error) {
      if (!finished) fail(error);
      return false;
    }
  };

  /** Handles one upstream part. */
  const handle = async (part: ChatStreamPart): Promise<void> => {
    lastUpstreamAt = Date.now();
    phase = 'streaming';
    switch (part.type) {
      case 'data': {
        // Only artifacts events pay for an await (the hot path stays sync).
        if (hasArtifactsEvent(part.value)) {
          const removed = await rewriteChunkArtifacts(
            part.value,
            options.rewriter,
          );
          if (removed > 0) options.rewriter.reportInvalid(removed);
          if (finished) return;
        }
        if (!sawData) {
          sawData = true;
          options.onFirstData();
        }
        send(encodeSseData(part.value));
        return;
      }
      case 'keep-alive':
        send(encodeSseComment(part.comment));
        return;
      case 'done':
        finish({ cancelled: false }, SSE_DONE);
        return;
      case 'error': {
        // An upstream `{"error":…}` event is its final word; garbage, an
        // oversized event or a broken connection ends the stream too.
        const error =
          UpstreamError.isInstance(part.error) ||
          part.error.code !== 'stream_error'
            ? part.error
            : new UpstreamError({
                message: `The competitor stream failed: ${part.error.message}`,
                code: 'stream_error',
                cause: part.error,
                isRetryable: false,
              });
        finish({ error, cancelled: false }, SSE_DONE);
        return;
      }
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      async pull() {
        if (parts === undefined && !(await connect())) return;
        // Forward the next event; then, without waiting, everything else the
        // upstream already delivered (one burst → one write). Nothing is
        // held back to form a batch.
        let sentAny = false;
        while (!finished) {
          // A full batch goes out now; the next pull continues.
          if (batch.length >= MAX_BATCH_CHARS) break;
          pendingPart ??= parts!.read();
          let result:
            | ReadableStreamReadResult<ChatStreamPart>
            | typeof NOT_READY;
          try {
            result = sentAny
              ? await Promise.race([pendingPart, notReady])
              : await pendingPart;
          } catch (error) {
            pendingPart = undefined;
            if (!finished) fail(error);
            return;
          }
          if (result === NOT_READY) break;
          pendingPart = undefined;
          if (finished) return;
          if (result.done) {
            finish({ cancelled: false, appendedDone: true }, SSE_DONE);
            return;
          }
          await handle(result.value);
          sentAny = true;
        }
        flush();
      },
      cancel() {
        finish({ cancelled: true });
      },
    },
    { highWaterMark: 1 },
  );
}
