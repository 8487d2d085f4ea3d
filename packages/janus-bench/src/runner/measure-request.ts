import {
  type ChatCompletionChunk,
  errorBodySchema,
  parseChatCompletionStream,
  SseParseError,
  safeParseJsonWith,
  UpstreamError,
} from '@janus/protocol';
import { estimateTokens } from '../metrics/estimate-tokens';
import type {
  ErrorKind,
  MeasuredToolCall,
  RequestMeasurement,
} from '../metrics/request-measurement';
import { describeUndiciTimeout, undiciTimeout } from './undici-timeout';

/** Options of {@link measureRequest}. */
export interface MeasureRequestOptions {
  /** Full URL of `POST /v1/chat/completions`. */
  url: string;
  /** The JSON body (must have `stream: true`). */
  body: unknown;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Total time limit for the request, ms. */
  timeoutMs: number;
  /** `performance.now()` of the run's start, for `start_offset_ms`. */
  runStart: number;
  fetch?: typeof fetch;
  /** Extra headers (e.g. `X-Request-Id`). */
  headers?: Record<string, string>;
  /** Aborts the request (the run was cancelled). */
  signal?: AbortSignal;
}

/**
 * Sends one streaming chat completion and measures it: TTFT, time to first
 * content, E2E, TPOT, inter-token and inter-event gaps, usage. Never throws:
 * failures come back as `ok: false` with an error kind.
 *
 * Raw `fetch` (not ky) because the body is consumed as a stream and timed
 * with `performance.now()`; chunks are parsed by protocol's
 * `parseChatCompletionStream` without zod validation on this hot path (JSON
 * parse and error-event detection still run).
 */
export async function measureRequest(
  options: MeasureRequestOptions,
): Promise<RequestMeasurement> {
  const fetcher = options.fetch ?? globalThis.fetch;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const record = createRecord();
  // Serialised before t0: building the body (inline base64 images, say) is
  // client work, not the server's time to first token.
  const payload = serializeBody(options.body);
  const t0 = performance.now();
  record.start_offset_ms = t0 - options.runStart;
  const state = new StreamState(t0);
  try {
    if ('error' in payload) throw payload.error;
    const response = await fetcher(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(options.apiKey
          ? { authorization: `Bearer ${options.apiKey}` }
          : {}),
        ...options.headers,
      },
      body: payload.text,
      signal: controller.signal,
    });
    record.http_status = response.status;
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      state.fail(
        'http_error',
        describeHttpError(response.status, text),
        response.status,
      );
    } else if (!isEventStream(response)) {
      const text = await response.text().catch(() => '');
      state.fail(
        'invalid_response',
        `Expected text/event-stream, got ${response.headers.get('content-type')} (stream: true was ignored?)${text ? `: ${excerpt(text)}` : ''}`,
        response.status,
      );
    } else {
      const tap = tapArrivals(response.body);
      for await (const part of parseChatCompletionStream(tap.stream, {
        keepAlives: true,
        validate: false,
      })) {
        // The time the bytes carrying this part were read, not the time the
        // part came out of the decoder: parsing cost never inflates TTFT.
        const now = tap.lastReadAt;
        if (part.type === 'data') state.onChunk(part.value, now);
        else if (part.type === 'keep-alive') state.onKeepAlive(now);
        else if (part.type === 'done') state.onDone(now);
        else
          state.onError(part.error, {
            timedOut,
            aborted: options.signal?.aborted === true,
          });
      }
    }
  } catch (error) {
    if (timedOut)
      state.fail('timeout', `Timed out after ${options.timeoutMs} ms`, null);
    else if (options.signal?.aborted)
      state.fail('aborted', 'The run was aborted', null);
    else {
      const undici = undiciTimeout(error);
      if (undici) state.fail('timeout', describeUndiciTimeout(undici), null);
      else state.fail('connect_error', describeCause(error), null);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (timedOut && state.error === null) {
    state.fail('timeout', `Timed out after ${options.timeoutMs} ms`, null);
  }
  return state.finish(record, performance.now());
}

/**
 * Wraps a body so each read records `performance.now()` before its bytes go
 * to the decoder. `highWaterMark: 0` means nothing is read ahead, so the
 * parts a consumer receives come from the read stamped last.
 */
function tapArrivals(body: ReadableStream<Uint8Array> | null): {
  stream: ReadableStream<Uint8Array>;
  lastReadAt: number;
} {
  const tap = {
    stream: undefined as unknown as ReadableStream<Uint8Array>,
    lastReadAt: performance.now(),
  };
  const reader = body?.getReader();
  tap.stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!reader) return controller.close();
        const result = await reader.read();
        tap.lastReadAt = performance.now();
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel(reason) {
        if (!reader) return;
        if (reason !== undefined) return reader.cancel(reason);
        // The decoder cancels after `[DONE]`, and the server closes the body
        // right after it: reading that end is far cheaper than a cancel
        // (undici builds an AbortError with a stack trace per cancel, which
        // showed up in profiles at hundreds of streams). Bounded, in case a
        // server keeps the body open.
        const timer = setTimeout(() => reader.cancel().catch(() => {}), 1000);
        return drain(reader).finally(() => clearTimeout(timer));
      },
    },
    { highWaterMark: 0 },
  );
  return tap;
}

async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<void> {
  try {
    while (!(await reader.read()).done) {
      // Discard: nothing follows `[DONE]` that a client may use.
    }
  } catch {
    // Cancelled by the bound above, or the connection dropped: either ends it.
  }
}

function createRecord(): RequestMeasurement {
  return {
    ok: false,
    error: null,
    http_status: null,
    started_at: new Date().toISOString(),
    start_offset_ms: 0,
    ttft_ms: null,
    ttfct_ms: null,
    e2e_ms: null,
    close_ms: null,
    tpot_ms: null,
    token_gaps_ms: [],
    event_gaps_ms: [],
    max_event_gap_ms: 0,
    data_events: 0,
    token_events: 0,
    keep_alives: 0,
    output_tokens: 0,
    tokens_source: 'estimated',
    usage: null,
    done: false,
    content: '',
    reasoning: '',
    tool_calls: [],
    finish_reason: null,
  };
}

/** Per-request accumulation, kept flat to avoid allocations per chunk. */
class StreamState {
  readonly t0: number;
  firstToken = -1;
  firstContent = -1;
  lastToken = -1;
  lastEvent = -1;
  dataEvents = 0;
  tokenEvents = 0;
  keepAlives = 0;
  done = false;
  readonly tokenGaps: number[] = [];
  readonly eventGaps: number[] = [];
  readonly content: string[] = [];
  readonly reasoning: string[] = [];
  readonly toolCalls: MeasuredToolCall[] = [];
  usage: ChatCompletionChunk['usage'] = null;
  finishReason: string | null = null;
  error: RequestMeasurement['error'] = null;

  constructor(t0: number) {
    this.t0 = t0;
  }

  onKeepAlive(now: number): void {
    this.keepAlives++;
    this.onEvent(now);
  }

  /** `[DONE]` is an event too: a stall before it is a gap the client waits through. */
  onDone(now: number): void {
    this.done = true;
    this.onEvent(now);
  }

  onChunk(chunk: ChatCompletionChunk, now: number): void {
    this.dataEvents++;
    this.onEvent(now);
    // Not validated on this hot path: the shape check that the schema would
    // have made, so `data: null` is a bad answer rather than a crash that
    // reads as a connection error.
    if (!isObject(chunk)) {
      this.fail(
        'invalid_response',
        `A data event is not a chat completion chunk object: ${JSON.stringify(chunk)?.slice(0, 80)}`,
        null,
      );
      return;
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) return;
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (!delta) return;
    let token = false;
    let answer = false;
    if (delta.content) {
      this.content.push(delta.content);
      token = answer = true;
    }
    const reasoning = delta.reasoning_content || delta.reasoning;
    if (reasoning) {
      this.reasoning.push(reasoning);
      token = true;
    }
    if (delta.tool_calls && delta.tool_calls.length > 0) {
      this.mergeToolCalls(delta.tool_calls);
      token = answer = true;
    }
    if (!token) return;
    this.tokenEvents++;
    if (this.firstToken < 0) this.firstToken = now;
    else this.tokenGaps.push(now - this.lastToken);
    if (answer && this.firstContent < 0) this.firstContent = now;
    this.lastToken = now;
  }

  /**
   * A part that failed. When our own timer or the run's signal cut the body,
   * the read error is only a consequence: a timeout is recorded after the
   * loop, an abort (Ctrl-C) here, never as a `stream_error`.
   */
  onError(error: unknown, cut: { timedOut: boolean; aborted: boolean }): void {
    if (cut.timedOut) return;
    if (cut.aborted) {
      this.fail('aborted', 'The run was aborted', null);
      return;
    }
    const undici = undiciTimeout(error);
    if (undici) {
      this.fail('timeout', describeUndiciTimeout(undici), null);
    } else if (UpstreamError.isInstance(error)) {
      this.fail('stream_error', error.message, null);
    } else if (
      SseParseError.isInstance(error) &&
      error.kind === 'unexpected_end'
    ) {
      this.fail('unexpected_end', error.message, null);
    } else if (
      SseParseError.isInstance(error) &&
      error.kind === 'read_failed'
    ) {
      this.fail('stream_error', error.message, null);
    } else {
      this.fail('invalid_response', describeCause(error), null);
    }
  }

  fail(kind: ErrorKind, message: string, status: number | null): void {
    // The first failure is the cause; later ones are consequences.
    if (this.error === null) this.error = { kind, message, status };
  }

  finish(record: RequestMeasurement, closedAt: number): RequestMeasurement {
    const text = this.content.join('');
    const reasoning = this.reasoning.join('');
    record.content = text;
    record.reasoning = reasoning;
    record.tool_calls = this.toolCalls.filter(call => call !== undefined);
    record.finish_reason = this.finishReason;
    record.done = this.done;
    record.data_events = this.dataEvents;
    record.token_events = this.tokenEvents;
    record.keep_alives = this.keepAlives;
    record.token_gaps_ms = this.tokenGaps;
    record.event_gaps_ms = this.eventGaps;
    let max = 0;
    for (const gap of this.eventGaps) if (gap > max) max = gap;
    record.max_event_gap_ms = max;
    record.close_ms = closedAt - this.t0;
    if (this.firstToken >= 0) {
      record.ttft_ms = this.firstToken - this.t0;
      record.e2e_ms = this.lastToken - this.t0;
    }
    if (this.firstContent >= 0) record.ttfct_ms = this.firstContent - this.t0;
    // Unvalidated wire data: only non-negative numbers are counts. A string
    // or negative value would otherwise be summed (or concatenated) into the
    // aggregates and break the report's own schema on `show`.
    const usage = isObject(this.usage) ? this.usage : null;
    const completion = amount(usage?.completion_tokens);
    const prompt = amount(usage?.prompt_tokens);
    // No `total_tokens`: prompt + completion, else the total is unknown
    // (no usage record, as without usage), never 0.
    const total =
      amount(usage?.total_tokens) ??
      (prompt !== null && completion !== null ? prompt + completion : null);
    if (usage && completion !== null) {
      // The server's output count, even when its total is unknown.
      record.tokens_source = 'usage';
      record.output_tokens = completion;
      if (total !== null)
        record.usage = {
          prompt_tokens: prompt ?? 0,
          completion_tokens: completion,
          total_tokens: total,
          cost_usd: amount(usage.cost_usd),
          sandbox_seconds: amount(usage.sandbox_seconds),
        };
    } else {
      const args = this.toolCalls.map(call => call.name + call.arguments);
      record.output_tokens = estimateTokens(text + reasoning + args.join(''));
    }
    if (
      record.ttft_ms !== null &&
      record.e2e_ms !== null &&
      record.output_tokens > 1
    ) {
      record.tpot_ms =
        (record.e2e_ms - record.ttft_ms) / (record.output_tokens - 1);
    }
    if (this.error === null && this.tokenEvents === 0) {
      this.fail(
        'empty_response',
        'The stream carried no content, reasoning or tool call',
        null,
      );
    }
    record.error = this.error;
    record.ok = this.error === null;
    return record;
  }

  private onEvent(now: number): void {
    // Gaps count only after the first token: the wait before it is TTFT.
    if (this.firstToken >= 0) this.eventGaps.push(now - this.lastEvent);
    this.lastEvent = now;
  }

  private mergeToolCalls(
    deltas: NonNullable<
      NonNullable<ChatCompletionChunk['choices'][number]['delta']>['tool_calls']
    >,
  ): void {
    for (const delta of deltas) {
      if (!isObject(delta)) {
        this.fail(
          'invalid_response',
          `A tool call delta is not an object: ${JSON.stringify(delta)?.slice(0, 80)}`,
          null,
        );
        continue;
      }
      let call = this.toolCalls[delta.index];
      if (!call) {
        call = { id: null, name: '', arguments: '' };
        this.toolCalls[delta.index] = call;
      }
      if (delta.id) call.id = delta.id;
      // A fragment repeating the whole name (some servers send it on every
      // fragment) adds nothing, as in @janus/protocol's accumulator.
      const name = delta.function?.name;
      if (name && name !== call.name) call.name += name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
    }
  }
}

/** A plain object (not `null`, not an array). */
function isObject(value: unknown): value is Record<string, unknown> & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A usage count or amount: a finite number ≥ 0, else `null` (unknown). */
function amount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : null;
}

function serializeBody(body: unknown): { text: string } | { error: unknown } {
  try {
    return { text: JSON.stringify(body) };
  } catch (error) {
    return { error };
  }
}

/** SSE, or no content type at all (lenient: the body is parsed as SSE). */
function isEventStream(response: Response): boolean {
  const type = response.headers.get('content-type');
  return type === null || /^text\/event-stream\b/i.test(type.trim());
}

function describeHttpError(status: number, body: string): string {
  const parsed = safeParseJsonWith({ text: body, schema: errorBodySchema });
  if (parsed.success) return `HTTP ${status}: ${parsed.value.error.message}`;
  return `HTTP ${status}${body ? `: ${excerpt(body)}` : ''}`;
}

/**
 * The start of a body for an error message, on one line: a body's line
 * breaks (an SSE stream sent as text/plain, an HTML page) would break the
 * progress line and the report's error list.
 */
function excerpt(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
