import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { z } from 'zod/v4';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { SseParseError } from '../errors/sse-parse-error';
import type { UpstreamError } from '../errors/upstream-error';
import { fastPathFor } from '../internal/fast-paths';
import { safeParseJson } from '../internal/safe-parse-json';
import type { SseStreamPart } from './sse-stream-part';
import { toInStreamError } from './to-in-stream-error';

/** Options of the JSON event-stream decoders. */
export interface JsonEventStreamOptions<T> {
  /**
   * Validates each `data:` payload. Without it, values are the parsed JSON
   * (`unknown`), unvalidated.
   */
  schema?: z.ZodType<T>;
  /** Names the payload in validation messages, e.g. `chat completion chunk`. */
  subject?: string;
  /** Emit SSE comments as `keep-alive` parts (default: dropped). */
  keepAlives?: boolean;
  /**
   * Largest event accepted, in characters (default 8 MiB). A larger event ends
   * the stream with an `event_too_large` error part instead of growing a buffer
   * without bound.
   */
  maxEventSize?: number;
  /**
   * Report a stream that ends without `data: [DONE]` as an `unexpected_end`
   * error part (default `true`). Streams that end otherwise (Sandy's agent
   * stream ends with a `complete` event) pass `false`.
   */
  requireDone?: boolean;
  /**
   * Turn `{"error":{…}}` payloads (and `event: error`) into `error` parts
   * (default `true`), as OpenAI, LiteLLM and Janus send errors mid-stream.
   */
  detectErrorEvents?: boolean;
  /**
   * Give each `data` part the event's data field as received (`raw`), so a
   * proxy can forward the upstream's exact text instead of re-encoding the
   * parsed value (default `false`).
   */
  raw?: boolean;
  /**
   * Repairs each parsed payload in place before it is validated (a provider
   * quirk the schema would refuse, e.g. {@link createToolCallIndexRepair})
   * and returns whether it changed anything; a changed payload gets no
   * `raw`, since the received text no longer describes it.
   */
  repair?: (value: unknown) => boolean;
}

/** 8 MiB: room for a base64 screenshot, far below what hurts memory. */
export const DEFAULT_MAX_EVENT_SIZE = 8 * 1024 * 1024;

/**
 * The push decoder behind {@link parseJsonEventStream} and
 * {@link JsonEventStreamTransform}: bytes or text in, parts out through
 * `emit`, synchronously. Use it directly where the bytes do not come from a
 * web stream (a Node `IncomingMessage`, a socket, a custom pump). Built on
 * `eventsource-parser` (CR, LF, CRLF, BOM, comments, multi-line `data`);
 * UTF-8 split across chunks is handled by a streaming `TextDecoder`.
 *
 * @example
 * ```ts
 * const decoder = new JsonEventDecoder({ keepAlives: true });
 * incoming.on('data', chunk => decoder.push(chunk, part => console.log(part)));
 * incoming.on('end', () => decoder.end(part => console.log(part)));
 * ```
 */
/** Room for a line's field name and separator (`data: `, `event: `) in the parser's buffer. */
const fieldNameHeadroom = 16;

export class JsonEventDecoder<T> {
  private readonly parser: EventSourceParser;
  private readonly textDecoder = new TextDecoder('utf-8');
  private readonly options: JsonEventStreamOptions<T>;
  /** A cheap check that implies `schema` accepts the value unchanged. */
  private readonly fastPath: ((value: unknown) => boolean) | undefined;
  private emit: (part: SseStreamPart<T>) => void = () => {};
  /** Set once `[DONE]` or a fatal error was seen; later input is ignored. */
  private finished = false;
  private sawDone = false;
  private sawText = false;

  constructor(options: JsonEventStreamOptions<T> = {}) {
    this.options = options;
    this.fastPath = fastPathFor(options.schema);
    this.parser = createParser({
      // The parser buffers an unfinished line, field name included
      // (`data: `): the headroom keeps a payload of exactly the limit from
      // failing only when the network splits its line.
      maxBufferSize:
        (options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE) + fieldNameHeadroom,
      onEvent: event => this.onEvent(event.data, event.event, event.id),
      onComment: comment => {
        if (this.finished) return;
        // Checked here too, so a long comment fails whether or not it
        // arrived in pieces (the parser checks only what it buffers).
        if (comment.length > this.maxEventSize) this.fail(this.tooLarge());
        // eventsource-parser already drops the one space after ':'.
        else if (options.keepAlives) this.emit({ type: 'keep-alive', comment });
      },
      onError: error => {
        if (error.type === 'max-buffer-size-exceeded') {
          this.fail(this.tooLarge());
        }
        // Unknown fields and invalid `retry` values are ignored, as browsers do.
      },
    });
  }

  private get maxEventSize(): number {
    return this.options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  }

  private tooLarge(): SseParseError {
    return new SseParseError({
      kind: 'event_too_large',
      message: `SSE event exceeds the maximum size of ${this.maxEventSize} characters`,
    });
  }

  /** Feeds bytes or text; parts are delivered through `emit`. */
  push(
    chunk: Uint8Array | string,
    emit: (part: SseStreamPart<T>) => void,
  ): void {
    if (this.finished) return;
    this.emit = emit;
    let text =
      typeof chunk === 'string'
        ? chunk
        : this.textDecoder.decode(chunk, { stream: true });
    if (text.length === 0) return;
    if (!this.sawText) {
      this.sawText = true;
      // TextDecoder strips a BOM from bytes; text sources may still carry
      // one (eventsource-parser only recognises the BOM as raw bytes).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) return;
    }
    this.parser.feed(text);
  }

  /** Ends the input: flushes a final event that lacks its blank line, reports a missing `[DONE]`. */
  end(emit: (part: SseStreamPart<T>) => void): void {
    this.emit = emit;
    if (!this.finished) {
      const rest = this.textDecoder.decode();
      // A last event without its terminating blank line is still delivered
      // (lenient, like openai-node); a cut-off JSON payload then surfaces as
      // an `invalid_json` error part rather than vanishing.
      this.parser.feed(`${rest}\n\n`);
    }
    if (!this.finished && !this.sawDone && this.options.requireDone !== false) {
      emit({
        type: 'error',
        error: new SseParseError({
          kind: 'unexpected_end',
          message: 'The stream ended without data: [DONE]',
        }),
      });
    }
    this.finished = true;
  }

  /** Reports a failure of the byte source itself; ends decoding. */
  fail(error: SseParseError, emit?: (part: SseStreamPart<T>) => void): void {
    if (this.finished) return;
    this.finished = true;
    (emit ?? this.emit)({ type: 'error', error });
  }

  /** Whether `[DONE]` or a fatal error ended decoding. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Whether `[DONE]` ended decoding (an orderly end, unlike a fatal error). */
  get isDone(): boolean {
    return this.sawDone;
  }

  private onEvent(
    data: string,
    event: string | undefined,
    id: string | undefined,
  ): void {
    if (this.finished) return;
    // eventsource-parser bounds only what it buffers between feeds; an event
    // that arrives whole in one feed is checked here.
    if (data.length > this.maxEventSize) {
      this.fail(this.tooLarge());
      return;
    }
    if (data === '[DONE]') {
      this.sawDone = true;
      this.finished = true;
      this.emit({ type: 'done' });
      return;
    }
    const parsed = safeParseJson(data);
    if (
      !parsed.success &&
      event === 'error' &&
      this.options.detectErrorEvents !== false
    ) {
      // `event: error` with a plain-text message: still an upstream error.
      this.emit({
        type: 'error',
        error: toInStreamError(data, event) as UpstreamError,
      });
      return;
    }
    if (!parsed.success) {
      this.emit({
        type: 'error',
        error: new SseParseError({
          kind: 'invalid_json',
          message: `Malformed JSON in SSE event: ${truncate(data, 80)}`,
          line: data,
          cause: parsed.error,
        }),
      });
      return;
    }
    const value = parsed.value;
    if (this.options.detectErrorEvents !== false) {
      const upstreamError = toInStreamError(value, event);
      if (upstreamError) {
        this.emit({ type: 'error', error: upstreamError });
        return;
      }
    }
    const repaired = this.options.repair?.(value) === true;
    const raw = this.options.raw && !repaired ? data : undefined;
    const schema = this.options.schema;
    if (schema === undefined) {
      this.emit(dataPart(value as T, event, id, raw));
      return;
    }
    if (this.fastPath?.(value)) {
      this.emit(dataPart(value as T, event, id, raw));
      return;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      // The schema may have changed the value: the received text no longer
      // describes it, so no `raw`.
      this.emit(dataPart(result.data, event, id, undefined));
    } else {
      this.emit({
        type: 'error',
        error: new ProtocolValidationError({
          subject: this.options.subject ?? 'SSE event',
          value,
          cause: result.error,
          code: 'invalid_response',
        }),
      });
    }
  }
}

function dataPart<T>(
  value: T,
  event: string | undefined,
  id: string | undefined,
  raw: string | undefined,
): SseStreamPart<T> {
  return raw === undefined
    ? { type: 'data', value, event, id }
    : { type: 'data', value, event, id, raw };
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
