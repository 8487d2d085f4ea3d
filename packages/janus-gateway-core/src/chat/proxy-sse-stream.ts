import {
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  type JanusError,
  JsonEventDecoder,
  SSE_DONE,
  SSE_PING,
  SseParseError,
  type SseStreamPart,
  TimeoutError,
  toJanusError,
  UpstreamError,
} from '@janus/protocol';
import type { ArtifactRewriter } from '../artifacts/artifact-rewriter';
import {
  DIRECT_BODY,
  type DirectBodyClaim,
  type PushSource,
  pushSourceOf,
  type RelayControl,
  type RelaySink,
} from '../internal/direct-io';
import type { UpstreamConnection } from './fetch-upstream';
import {
  hasArtifactsEvent,
  rewriteChunkArtifacts,
} from './rewrite-chunk-artifacts';

/** How a proxied stream ended. */
export interface ProxyStreamOutcome {
  /** The error sent as the final event, if any. */
  error?: JanusError;
  /** The client went away (the stream was cancelled). */
  cancelled: boolean;
  /** `[DONE]` was appended because the upstream omitted it. */
  appendedDone: boolean;
}

/** Options of {@link createProxySseBody}. */
export interface ProxySseOptions {
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
}

/**
 * After a clean `[DONE]` the rest of the upstream body (usually just its
 * end) is read and dropped for this long, so the keep-alive connection can
 * be reused; then it is released whatever it holds.
 */
const RELEASE_GRACE_MS = 1_000;

/** The end of the upstream input, queued behind the parts before it. */
const END = Symbol('end');
type QueueItem = SseStreamPart<unknown> | typeof END;

/**
 * The SSE pass-through as a response body (orchestrator of the stream path).
 * Returns a Web `ReadableStream` for any runtime, and a {@link DIRECT_BODY}
 * claim with which the Node adapter takes the same stream without Web
 * streams. Nothing is read from the upstream until one of the two starts.
 *
 * @internal
 */
export function createProxySseBody(options: ProxySseOptions): {
  /** The body as a Web stream, made on the first call (then the same one). */
  body(): ReadableStream<Uint8Array>;
  [DIRECT_BODY]: DirectBodyClaim;
  /** The client went away: ends the stream as cancelled (idempotent). */
  cancel(): void;
  /** Ends the stream with `error` as its final event (shutdown); idempotent. */
  fail(error: JanusError): void;
} {
  let started = false;
  let control: RelayControl | undefined;
  let webBody: ReadableStream<Uint8Array> | undefined;
  const cancel = () => {
    // Cancelled before it started: the relay still has to abort the
    // upstream request and report the end.
    control ??= startRelay(options, { write: () => true, end: () => {} });
    started = true;
    control.cancel();
  };
  // Made only when asked for: on Node the adapter claims the direct body,
  // and a `ReadableStream` costs ~25 µs and 2.7 KB (internal/lazy-response.ts).
  const body = () => {
    if (webBody !== undefined) return webBody;
    const encoder = new TextEncoder();
    webBody = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (control) {
            control.resume();
            return;
          }
          started = true;
          control = startRelay(options, {
            write(text) {
              controller.enqueue(encoder.encode(text));
              // Room left only if the text went straight to a waiting read.
              return (controller.desiredSize ?? 0) >= 0;
            },
            end(text) {
              if (text.length > 0) controller.enqueue(encoder.encode(text));
              controller.close();
            },
          });
        },
        cancel,
      },
      // 0: nothing starts before a reader asks (the Node adapter may claim the
      // body instead), and at most one chunk waits for a slow reader.
      { highWaterMark: 0 },
    );
    return webBody;
  };
  return {
    body,
    cancel,
    // Before the client read anything there is no stream to end: a cancel.
    fail: error => (control ? control.fail(error) : cancel()),
    [DIRECT_BODY]: sink => {
      if (started || webBody?.locked) return undefined;
      started = true;
      control = startRelay(options, sink);
      return control;
    },
  };
}

/**
 * The relay: upstream bytes in (a {@link PushSource}), SSE text out (a
 * {@link RelaySink}). Each upstream read is decoded synchronously and what it
 * held is written as one piece, so events reach the client as soon as they
 * arrive and bursts cost one write. Data events pass through as the upstream
 * sent them (`raw`); only artifacts events are rewritten (asynchronously; the
 * events behind one wait, in order). A sink that returns `false` pauses the
 * upstream until `resume`: a slow client slows the competitor instead of
 * growing a buffer.
 *
 * One ticker per stream sends `: ping` when nothing was sent for
 * `keepAliveIntervalMs` (also while connecting and retrying) and enforces the
 * first-byte, idle and total timeouts. Every ending (done, upstream error,
 * timeout, cancel) goes through `finish`, which clears the ticker and
 * releases the upstream, so nothing leaks. Errors end the stream with one
 * `data: {"error":…}` event and `data: [DONE]`.
 */
function startRelay(options: ProxySseOptions, sink: RelaySink): RelayControl {
  const decoder = new JsonEventDecoder<unknown>({
    keepAlives: true,
    requireDone: false,
    maxEventSize: options.maxEventSize,
    raw: true,
  });
  const queue: QueueItem[] = [];
  const enqueue = (part: SseStreamPart<unknown>) => {
    queue.push(part);
  };
  let source: PushSource | undefined;
  let releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The upstream body ended (or failed): nothing to release. */
  let sourceDone = false;
  let finished = false;
  let sawData = false;
  /** The sink asked to wait. */
  let congested = false;
  /** An artifacts rewrite is in progress; the queue waits for it. */
  let rewriting = false;
  let lastSentAt = Date.now();
  // The first-byte budget runs from the successful attempt's start; idle
  // silence is measured from the last upstream event.
  let phase: 'connecting' | 'first-byte' | 'streaming' = 'connecting';
  let phaseStartedAt = Date.now();
  let lastUpstreamAt = Date.now();

  // Text forwarded for one upstream read, written as one piece by `flush`.
  let batch = '';
  const send = (text: string) => {
    batch += text;
  };
  const flush = () => {
    if (batch.length === 0) return;
    const text = batch;
    batch = '';
    lastSentAt = Date.now();
    if (!sink.write(text) && !finished) {
      congested = true;
      source?.pause();
    }
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
    queue.length = 0;
    if (!outcome.cancelled) {
      if (outcome.error) send(encodeSseError(outcome.error));
      if (final !== undefined) send(final);
      // The last text goes with the end (one write where the sink can).
      const text = batch;
      batch = '';
      sink.end(text);
    }
    // Errors, timeouts and client cancels abort the upstream request at
    // once. A clean end needs no abort (abort reasons are measurably costly
    // per stream): the rest of the body is drained for a moment so the
    // connection stays reusable.
    if (outcome.error || outcome.cancelled) {
      options.abortUpstream(
        outcome.error ?? new DOMException('The client went away', 'AbortError'),
      );
      source?.cancel();
    } else if (source && !sourceDone) {
      const drained = source;
      drained.resume();
      releaseTimer = setTimeout(() => drained.cancel(), RELEASE_GRACE_MS);
      (releaseTimer as { unref?: () => void }).unref?.();
    }
    options.onFinish({ appendedDone: false, ...outcome });
  };

  const fail = (error: unknown) =>
    finish({ error: toJanusError(error), cancelled: false }, SSE_DONE);

  /** Forwards one data event; `false` when it must wait for a rewrite. */
  const forwardData = (
    part: SseStreamPart<unknown> & { type: 'data' },
  ): boolean => {
    if (hasArtifactsEvent(part.value)) {
      rewriting = true;
      source?.pause();
      rewriteChunkArtifacts(part.value, options.rewriter).then(
        removed => {
          if (removed > 0) options.rewriter.reportInvalid(removed);
          rewriting = false;
          if (finished) return;
          sendData(encodeSseData(part.value));
          drain();
          if (!congested && !rewriting) source?.resume();
        },
        error => {
          rewriting = false;
          fail(error);
        },
      );
      return false;
    }
    const raw = part.raw;
    // Multi-line data (rare) is re-encoded as one line; the rest passes
    // through byte for byte.
    sendData(
      raw !== undefined && !/[\r\n]/.test(raw)
        ? `data: ${raw}\n\n`
        : encodeSseData(part.value),
    );
    return true;
  };
  const sendData = (frame: string) => {
    if (!sawData) {
      sawData = true;
      options.onFirstData();
    }
    send(frame);
  };

  /** Handles the queued parts in order, then writes what they produced. */
  const drain = () => {
    while (queue.length > 0 && !finished && !rewriting) {
      const item = queue.shift()!;
      if (item === END) {
        finish({ cancelled: false, appendedDone: true }, SSE_DONE);
        return;
      }
      lastUpstreamAt = Date.now();
      phase = 'streaming';
      switch (item.type) {
        case 'data':
          forwardData(item);
          break;
        case 'keep-alive':
          send(encodeSseComment(item.comment));
          break;
        case 'done':
          finish({ cancelled: false }, SSE_DONE);
          return;
        case 'error':
          finish(
            { error: upstreamFailure(item.error), cancelled: false },
            SSE_DONE,
          );
          return;
      }
    }
    if (!finished) flush();
  };

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
      !congested
    ) {
      send(SSE_PING);
      flush();
    }
  }, tickMs);
  (ticker as { unref?: () => void }).unref?.();

  options.connection.then(
    connection => {
      if (finished) {
        connection.response.body?.cancel().catch(() => {});
        return;
      }
      phase = 'first-byte';
      phaseStartedAt = connection.attemptStartedAt;
      source = pushSourceOf(connection.response);
      if (source === undefined) {
        fail(
          new SseParseError({
            kind: 'read_failed',
            message: 'The response has no body',
          }),
        );
        return;
      }
      if (congested) source.pause();
      source.start({
        data(chunk) {
          if (finished) return;
          decoder.push(chunk, enqueue);
          drain();
        },
        end() {
          sourceDone = true;
          if (finished) {
            clearTimeout(releaseTimer);
            return;
          }
          decoder.end(enqueue);
          queue.push(END);
          drain();
        },
        error(cause) {
          sourceDone = true;
          if (finished) {
            clearTimeout(releaseTimer);
            return;
          }
          decoder.fail(
            new SseParseError({
              kind: 'read_failed',
              message: `Reading the stream failed: ${describe(cause)}`,
              cause,
            }),
            enqueue,
          );
          drain();
        },
      });
    },
    error => {
      if (!finished) fail(error);
    },
  );

  return {
    resume() {
      if (finished || !congested) return;
      congested = false;
      if (!rewriting) source?.resume();
    },
    cancel() {
      finish({ cancelled: true });
    },
    fail,
  };
}

/**
 * An upstream `{"error":…}` event is its final word, passed on as it is;
 * garbage, an oversized event or a broken connection becomes a
 * `stream_error` that says the competitor's stream failed.
 */
function upstreamFailure(error: JanusError): JanusError {
  return UpstreamError.isInstance(error) || error.code !== 'stream_error'
    ? error
    : new UpstreamError({
        message: `The competitor stream failed: ${error.message}`,
        code: 'stream_error',
        cause: error,
        isRetryable: false,
      });
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
