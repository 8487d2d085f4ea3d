import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { z } from 'zod/v4';
import { errorStatusTable } from '../errors/error-status-table';
import type { JanusErrorCode } from '../errors/janus-error';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { SseParseError } from '../errors/sse-parse-error';
import { UpstreamError } from '../errors/upstream-error';
import { safeParseJson } from '../internal/safe-parse-json';
import type { SseStreamPart } from './sse-stream-part';

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
}

/** 8 MiB: room for a base64 screenshot, far below what hurts memory. */
export const DEFAULT_MAX_EVENT_SIZE = 8 * 1024 * 1024;

/**
 * The push decoder shared by {@link parseJsonEventStream} and
 * {@link JsonEventStreamTransform}: bytes or text in, parts out through
 * `emit`. Built on `eventsource-parser` (CR, LF, CRLF, BOM, comments,
 * multi-line `data`); UTF-8 split across chunks is handled by a streaming
 * `TextDecoder`.
 *
 * @internal Exported for the two stream wrappers; not a public API.
 */
export class JsonEventDecoder<T> {
  private readonly parser: EventSourceParser;
  private readonly textDecoder = new TextDecoder('utf-8');
  private readonly options: JsonEventStreamOptions<T>;
  private emit: (part: SseStreamPart<T>) => void = () => {};
  /** Set once `[DONE]` or a fatal error was seen; later input is ignored. */
  private finished = false;
  private sawDone = false;

  constructor(options: JsonEventStreamOptions<T> = {}) {
    this.options = options;
    this.parser = createParser({
      maxBufferSize: options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE,
      onEvent: event => this.onEvent(event.data, event.event, event.id),
      onComment: options.keepAlives
        ? comment => {
            if (!this.finished) {
              // eventsource-parser keeps the space after ':'; drop one.
              const text = comment.startsWith(' ') ? comment.slice(1) : comment;
              this.emit({ type: 'keep-alive', comment: text });
            }
          }
        : undefined,
      onError: error => {
        if (error.type === 'max-buffer-size-exceeded') {
          this.fail(
            new SseParseError({
              kind: 'event_too_large',
              message: `SSE event exceeds the maximum size of ${
                options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE
              } characters`,
            }),
          );
        }
        // Unknown fields and invalid `retry` values are ignored, as browsers do.
      },
    });
  }

  /** Feeds bytes or text; parts are delivered through `emit`. */
  push(
    chunk: Uint8Array | string,
    emit: (part: SseStreamPart<T>) => void,
  ): void {
    if (this.finished) return;
    this.emit = emit;
    const text =
      typeof chunk === 'string'
        ? chunk
        : this.textDecoder.decode(chunk, { stream: true });
    if (text.length > 0) this.parser.feed(text);
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

  private onEvent(
    data: string,
    event: string | undefined,
    id: string | undefined,
  ): void {
    if (this.finished) return;
    if (data === '[DONE]') {
      this.sawDone = true;
      this.finished = true;
      this.emit({ type: 'done' });
      return;
    }
    const parsed = safeParseJson(data);
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
    const schema = this.options.schema;
    if (schema === undefined) {
      this.emit({ type: 'data', value: value as T, event, id });
      return;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      this.emit({ type: 'data', value: result.data, event, id });
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

/** `{"error":{message,…}}` (OpenAI, LiteLLM, Janus) or `event: error` → an UpstreamError. */
function toInStreamError(
  value: unknown,
  event: string | undefined,
): UpstreamError | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const body = (value as { error?: unknown }).error;
  const hasErrorObject = body !== null && typeof body === 'object';
  if (!hasErrorObject && event !== 'error') return undefined;
  const details = (hasErrorObject ? body : value) as Record<string, unknown>;
  const message =
    typeof details.message === 'string'
      ? details.message
      : 'Upstream stream error';
  const rawCode = details.code ?? details.type;
  const upstreamCode = rawCode == null ? undefined : String(rawCode);
  const code =
    upstreamCode !== undefined && upstreamCode in errorStatusTable
      ? (upstreamCode as JanusErrorCode)
      : 'upstream_error';
  return new UpstreamError({
    message,
    code,
    upstreamCode,
    param: typeof details.param === 'string' ? details.param : null,
    // An error after the stream began is never retried (ARCHITECTURE.md).
    isRetryable: false,
  });
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
