import {
  DEFAULT_MAX_EVENT_SIZE,
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
  type PushSourceHandlers,
  pushSourceOf,
  type RelayControl,
  type RelaySink,
} from '../internal/direct-io';
import type { UpstreamConnection } from './fetch-upstream';
import { isPlainJson } from './is-plain-json';
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
type QueueItem =
  | SseStreamPart<unknown>
  /** Events forwarded as received. */
  | { type: 'pass'; text: string; hasData: boolean }
  | typeof END;

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
    control ??= new SseRelay(options, { write: () => true, end: () => {} });
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
          control = new SseRelay(options, {
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
      control = new SseRelay(options, sink);
      return control;
    },
  };
}

/**
 * The relay: upstream text in (a {@link PushSource}), SSE text out (a
 * {@link RelaySink}). Each upstream read is handled synchronously and what
 * it held is written as one piece, so events reach the client as soon as
 * they arrive and bursts cost one write. A sink that returns `false` pauses
 * the upstream until `resume`: a slow client slows the competitor instead of
 * growing a buffer.
 *
 * Events pass through as the upstream sent them. The common event (one
 * `data:` line of JSON, or one comment line, ended by LF LF) is framed here
 * and its JSON checked in place ({@link isPlainJson}); runs of such events
 * are forwarded as the slice of the read that holds them, without being
 * parsed, copied or re-encoded. Any other event (several lines, other
 * fields, invalid JSON, an upstream error, an artifacts event, one over the
 * size limit) goes through the protocol's `JsonEventDecoder`, made for the
 * first such event, and then the same way as before: artifacts events are
 * rewritten (asynchronously; the events behind one wait, in order), an
 * upstream error or garbage ends the stream. CR line ends or an event that
 * outgrows the size limit while it arrives hand the rest of the stream to
 * the decoder.
 *
 * One ticker per stream sends `: ping` when nothing was sent for
 * `keepAliveIntervalMs` (also while connecting and retrying) and enforces the
 * first-byte, idle and total timeouts. Every ending (done, upstream error,
 * timeout, cancel) goes through `finish`, which clears the ticker and
 * releases the upstream, so nothing leaks. Errors end the stream with one
 * `data: {"error":…}` event and `data: [DONE]`.
 *
 * A class, not a closure over its state: a stream lives for seconds, and
 * each closure it keeps is heap that every minor GC copies (docs/gateway.md,
 * "The tail").
 */
class SseRelay implements RelayControl, PushSourceHandlers {
  private readonly options: ProxySseOptions;
  private readonly sink: RelaySink;
  /** Items waiting behind an artifacts rewrite (or made by the decoder). */
  private readonly queue: QueueItem[] = [];
  private readonly ticker: ReturnType<typeof setInterval>;
  /** Made for the first event that needs it. */
  private decoder: JsonEventDecoder<unknown> | undefined;
  /** The decoder reads everything from here on. */
  private decoding = false;
  /** Made if the source delivers bytes (the Node source delivers text). */
  private textDecoder: TextDecoder | undefined;
  /** The start of an event whose end has not arrived. */
  private pending = '';
  private sawText = false;
  /** `[DONE]` was framed: later input is ignored. */
  private sawDone = false;
  private source: PushSource | undefined;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The upstream body ended (or failed): nothing to release. */
  private sourceDone = false;
  private finished = false;
  private sawData = false;
  /** The sink asked to wait. */
  private congested = false;
  /** An artifacts rewrite is in progress; the queue waits for it. */
  private rewriting = false;
  private lastSentAt = Date.now();
  // The first-byte budget runs from the successful attempt's start; idle
  // silence is measured from the last upstream event.
  private phase: 'connecting' | 'first-byte' | 'streaming' = 'connecting';
  private phaseStartedAt = this.lastSentAt;
  private lastUpstreamAt = this.lastSentAt;
  /** Text forwarded for one upstream read, written as one piece by `flush`. */
  private batch = '';

  constructor(options: ProxySseOptions, sink: RelaySink) {
    this.options = options;
    this.sink = sink;
    this.ticker = setInterval(tick, tickMsOf(options), this);
    (this.ticker as { unref?: () => void }).unref?.();
    options.connection.then(
      connection => this.connected(connection),
      error => {
        if (!this.finished) this.fail(error);
      },
    );
  }

  // RelayControl

  resume(): void {
    if (this.finished || !this.congested) return;
    this.congested = false;
    if (!this.rewriting) this.source?.resume();
  }

  cancel(): void {
    this.finish({ cancelled: true });
  }

  fail(error: unknown): void {
    this.finish({ error: toJanusError(error), cancelled: false }, SSE_DONE);
  }

  // PushSourceHandlers

  data(chunk: Uint8Array | string): void {
    if (this.finished || this.sawDone) return;
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      this.textDecoder ??= new TextDecoder();
      text = this.textDecoder.decode(chunk, { stream: true });
    }
    if (!this.sawText && text.length > 0) {
      this.sawText = true;
      // As the decoder does: a BOM may open the stream.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.decoding) this.decoderFor().push(text, this.enqueue);
    else this.frame(text);
    this.drain();
  }

  end(): void {
    this.sourceDone = true;
    if (this.finished) {
      clearTimeout(this.releaseTimer);
      return;
    }
    const rest = this.textDecoder?.decode() ?? '';
    if (this.sawDone) {
      // Queued behind a rewrite: the `done` ends the stream.
    } else if (!this.decoding && this.pending.length + rest.length > 0) {
      // A last event without its blank line: the decoder's lenient end.
      this.startDecoding('');
    }
    if (this.decoding && !this.sawDone) {
      const decoder = this.decoderFor();
      if (rest.length > 0) decoder.push(rest, this.enqueue);
      decoder.end(this.enqueue);
    }
    this.queue.push(END);
    this.drain();
  }

  error(cause: unknown): void {
    this.sourceDone = true;
    if (this.finished) {
      clearTimeout(this.releaseTimer);
      return;
    }
    const error = new SseParseError({
      kind: 'read_failed',
      message: `Reading the stream failed: ${describe(cause)}`,
      cause,
    });
    if (this.decoder) this.decoder.fail(error, this.enqueue);
    else this.queue.push({ type: 'error', error });
    this.drain();
  }

  /** Timeouts and keep-alives (called by the ticker). */
  tick(): void {
    if (this.finished) return;
    const { options } = this;
    const now = Date.now();
    if (now >= options.deadline) {
      this.fail(
        new TimeoutError({ phase: 'total', timeoutMs: options.totalMs }),
      );
      return;
    }
    if (
      this.phase === 'first-byte' &&
      options.firstByteMs > 0 &&
      now - this.phaseStartedAt >= options.firstByteMs
    ) {
      this.fail(
        new TimeoutError({
          phase: 'first_byte',
          timeoutMs: options.firstByteMs,
        }),
      );
      return;
    }
    if (
      this.phase === 'streaming' &&
      options.idleMs > 0 &&
      now - this.lastUpstreamAt >= options.idleMs
    ) {
      this.fail(new TimeoutError({ phase: 'idle', timeoutMs: options.idleMs }));
      return;
    }
    // At most one queued ping: a client that is not reading gets no more.
    if (
      options.keepAliveIntervalMs > 0 &&
      now - this.lastSentAt >= options.keepAliveIntervalMs &&
      !this.congested
    ) {
      this.batch += SSE_PING;
      this.flush();
    }
  }

  private connected(connection: UpstreamConnection): void {
    if (this.finished) {
      connection.response.body?.cancel().catch(() => {});
      return;
    }
    this.phase = 'first-byte';
    this.phaseStartedAt = connection.attemptStartedAt;
    const source = pushSourceOf(connection.response);
    if (source === undefined) {
      this.fail(
        new SseParseError({
          kind: 'read_failed',
          message: 'The response has no body',
        }),
      );
      return;
    }
    this.source = source;
    if (this.congested) source.pause();
    source.start(this);
  }

  /**
   * Frames the common events of `text` (after what was pending) and passes
   * them on; hands the others to the decoder, one event at a time.
   */
  private frame(chunk: string): void {
    // CR line ends (CRLF or CR alone) are the decoder's from here on.
    if (chunk.indexOf('\r') !== -1) {
      this.startDecoding(chunk);
      return;
    }
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = '';
    const maxEventSize = this.options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    /** A run of events forwarded as one slice: [runStart, runEnd). */
    let runStart = 0;
    let runEnd = -1;
    let runHasData = false;
    let at = 0;
    for (;;) {
      // Blank lines between events dispatch nothing.
      while (text.charCodeAt(at) === LF) at++;
      const lineEnd = text.indexOf('\n', at);
      if (lineEnd === -1) break;
      let kind: EventKind;
      let eventEnd: number;
      if (text.charCodeAt(lineEnd + 1) === LF) {
        eventEnd = lineEnd + 2;
        kind = classifyLine(text, at, lineEnd, maxEventSize);
      } else {
        // Several lines (or the blank line has not arrived yet).
        const blank = text.indexOf('\n\n', lineEnd);
        if (blank === -1) break;
        eventEnd = blank + 2;
        kind = 'other';
      }
      if (kind === 'data' || kind === 'comment') {
        if (runEnd !== at) {
          if (runEnd !== -1)
            this.pass(text.slice(runStart, runEnd), runHasData);
          runStart = at;
          runHasData = false;
        }
        runEnd = eventEnd;
        runHasData ||= kind === 'data';
      } else {
        if (runEnd !== -1) this.pass(text.slice(runStart, runEnd), runHasData);
        runEnd = -1;
        if (kind === 'done') {
          // Nothing after `[DONE]` is read, as in the decoder.
          this.sawDone = true;
          this.pending = '';
          this.put({ type: 'done' });
          return;
        }
        this.decoderFor().push(text.slice(at, eventEnd), this.enqueue);
      }
      at = eventEnd;
    }
    if (runEnd !== -1) this.pass(text.slice(runStart, runEnd), runHasData);
    const rest = at === 0 ? text : text.slice(at);
    // A large event arriving in pieces: each read would search it again
    // from its start, so the decoder (which bounds it, and fails it past
    // the limit) takes the stream from here.
    if (rest.length > MAX_PENDING) this.startDecoding(rest);
    else this.pending = rest;
  }

  /** Hands the rest of the stream, from an event's start, to the decoder. */
  private startDecoding(text: string): void {
    this.decoding = true;
    const pending = this.pending;
    this.pending = '';
    const decoder = this.decoderFor();
    if (pending.length > 0) decoder.push(pending, this.enqueue);
    if (text.length > 0) decoder.push(text, this.enqueue);
  }

  private decoderFor(): JsonEventDecoder<unknown> {
    if (this.decoder === undefined) {
      this.decoder = new JsonEventDecoder<unknown>({
        keepAlives: true,
        requireDone: false,
        maxEventSize: this.options.maxEventSize,
        raw: true,
      });
      // A blank line first: the decoder strips a BOM from the first text
      // it sees, and this one may start mid-stream, where a BOM is not one.
      this.decoder.push('\n', this.enqueue);
    }
    return this.decoder;
  }

  /**
   * Where the decoder's parts go (in order, behind anything queued); made
   * with the decoder, so a stream of plain events keeps no closure for it.
   */
  private get enqueue(): (part: SseStreamPart<unknown>) => void {
    this.emitPart ??= part => {
      this.queue.push(part);
    };
    return this.emitPart;
  }
  private emitPart: ((part: SseStreamPart<unknown>) => void) | undefined;

  /** Handles an item now, or queues it behind the ones waiting. */
  private put(item: QueueItem): void {
    if (this.queue.length === 0 && !this.rewriting) this.handle(item);
    else this.queue.push(item);
  }

  /** Forwards events as received (a run of plain data and comments). */
  private pass(text: string, hasData: boolean): void {
    if (this.queue.length === 0 && !this.rewriting) this.forward(text, hasData);
    else this.queue.push({ type: 'pass', text, hasData });
  }

  private forward(text: string, hasData: boolean): void {
    this.lastUpstreamAt = Date.now();
    this.phase = 'streaming';
    if (hasData) this.sendData(text);
    else this.batch += text;
  }

  /** Handles the queued items in order, then writes what they produced. */
  private drain(): void {
    const { queue } = this;
    while (queue.length > 0 && !this.finished && !this.rewriting)
      this.handle(queue.shift()!);
    if (!this.finished) this.flush();
  }

  private handle(item: QueueItem): void {
    if (item === END) {
      this.finish({ cancelled: false, appendedDone: true }, SSE_DONE);
      return;
    }
    if (item.type === 'pass') {
      this.forward(item.text, item.hasData);
      return;
    }
    this.lastUpstreamAt = Date.now();
    this.phase = 'streaming';
    switch (item.type) {
      case 'data':
        this.forwardData(item);
        break;
      case 'keep-alive':
        this.batch += encodeSseComment(item.comment);
        break;
      case 'done':
        this.finish({ cancelled: false }, SSE_DONE);
        break;
      case 'error':
        this.finish(
          { error: upstreamFailure(item.error), cancelled: false },
          SSE_DONE,
        );
        break;
    }
  }

  /** Forwards one decoded data event (rewriting an artifacts event first). */
  private forwardData(part: SseStreamPart<unknown> & { type: 'data' }): void {
    if (hasArtifactsEvent(part.value)) {
      this.rewriting = true;
      this.source?.pause();
      const { rewriter } = this.options;
      rewriteChunkArtifacts(part.value, rewriter).then(
        removed => {
          if (removed > 0) rewriter.reportInvalid(removed);
          this.rewriting = false;
          if (this.finished) return;
          this.sendData(encodeSseData(part.value));
          this.drain();
          if (!this.congested && !this.rewriting) this.source?.resume();
        },
        error => {
          this.rewriting = false;
          this.fail(error);
        },
      );
      return;
    }
    const raw = part.raw;
    // Multi-line data (rare) is re-encoded as one line; the rest passes
    // through as it came.
    this.sendData(
      raw !== undefined && !/[\r\n]/.test(raw)
        ? `data: ${raw}\n\n`
        : encodeSseData(part.value),
    );
  }

  private sendData(frame: string): void {
    if (!this.sawData) {
      this.sawData = true;
      this.options.onFirstData();
    }
    this.batch += frame;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const text = this.batch;
    this.batch = '';
    this.lastSentAt = Date.now();
    if (!this.sink.write(text) && !this.finished) {
      this.congested = true;
      this.source?.pause();
    }
  }

  private finish(
    outcome: Omit<ProxyStreamOutcome, 'appendedDone'> & {
      appendedDone?: boolean;
    },
    final?: string,
  ): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.ticker);
    this.queue.length = 0;
    if (!outcome.cancelled) {
      if (outcome.error) this.batch += encodeSseError(outcome.error);
      if (final !== undefined) this.batch += final;
      // The last text goes with the end (one write where the sink can).
      const text = this.batch;
      this.batch = '';
      this.sink.end(text);
    }
    // Errors, timeouts and client cancels abort the upstream request at
    // once. A clean end needs no abort (abort reasons are measurably costly
    // per stream): the rest of the body is drained for a moment so the
    // connection stays reusable.
    const { source } = this;
    if (outcome.error || outcome.cancelled) {
      this.options.abortUpstream(
        outcome.error ?? new DOMException('The client went away', 'AbortError'),
      );
      source?.cancel();
    } else if (source && !this.sourceDone) {
      source.resume();
      this.releaseTimer = setTimeout(release, RELEASE_GRACE_MS, source);
      (this.releaseTimer as { unref?: () => void }).unref?.();
    }
    this.options.onFinish({ appendedDone: false, ...outcome });
  }
}

const LF = 0x0a;

/** The most of an unfinished event the relay frames itself (64 KiB). */
const MAX_PENDING = 64 * 1024;

/**
 * `data`: one `data:` line of JSON that needs no closer look; `comment`: one
 * comment line (a keep-alive); `done`: `data: [DONE]`; `other`: anything
 * else, the decoder's.
 */
type EventKind = 'data' | 'comment' | 'done' | 'other';

/** What a one-line event `text[start, end)` is. */
function classifyLine(
  text: string,
  start: number,
  end: number,
  maxEventSize: number,
): EventKind {
  const first = text.charCodeAt(start);
  if (first === COLON) {
    // The decoder fails a comment over the limit.
    return end - start - 1 > maxEventSize ? 'other' : 'comment';
  }
  if (first !== 0x64 /* d */ || !text.startsWith('data:', start))
    return 'other';
  let payload = start + 5;
  if (text.charCodeAt(payload) === 0x20) payload++;
  if (end - payload > maxEventSize) return 'other';
  if (end - payload === 6 && text.startsWith('[DONE]', payload)) return 'done';
  return isPlainJson(text, payload, end) ? 'data' : 'other';
}

const COLON = 0x3a;

function tick(relay: SseRelay): void {
  relay.tick();
}

function release(source: PushSource): void {
  source.cancel();
}

/** Half the smallest interval, within [10 ms, 30 s] (all disabled → 30 s). */
function tickMsOf(options: ProxySseOptions): number {
  return Math.max(
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
