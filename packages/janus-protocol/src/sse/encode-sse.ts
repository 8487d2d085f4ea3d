import { toErrorBody } from '../errors/to-error-body';

/**
 * Response headers of every Janus SSE stream, in one place (STYLE.md 7.5).
 * `no-transform` and `x-accel-buffering: no` keep compression middleware and
 * nginx from buffering the stream (both known ways for a proxy in front of a
 * gateway to hold SSE events back until a buffer fills).
 */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** The terminating event of an OpenAI-style stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** A default keep-alive comment frame, `: ping`. */
export const SSE_PING = ': ping\n\n';

/**
 * Encodes one SSE event. Multi-line data becomes several `data:` lines; CR or
 * LF inside `event` or `id` is rejected (it would inject fields).
 */
export function encodeSseEvent(options: {
  /** The payload; each line becomes one `data:` line. */
  data: string;
  /** The event type (`event:`); no CR or LF. */
  event?: string;
  /** The event id (`id:`); no CR, LF or NUL (parsers ignore an id with NUL). */
  id?: string;
  /** Reconnection delay in milliseconds (`retry:`): a finite number ≥ 0, truncated to an integer. */
  retry?: number;
}): string {
  let frame = '';
  if (options.event !== undefined)
    frame += `event: ${checkField('event', options.event)}\n`;
  if (options.id !== undefined) {
    // The SSE spec has parsers ignore an `id` that contains NUL.
    if (options.id.includes('\0'))
      throw new TypeError('SSE id must not contain NUL');
    frame += `id: ${checkField('id', options.id)}\n`;
  }
  if (options.retry !== undefined) {
    // Parsers take only ASCII digits: `retry: NaN`, `-5` or `1e+21` would be dropped.
    if (
      !Number.isFinite(options.retry) ||
      options.retry < 0 ||
      options.retry > Number.MAX_SAFE_INTEGER
    )
      throw new TypeError(
        `SSE retry must be a finite number of milliseconds ≥ 0, got ${options.retry}`,
      );
    frame += `retry: ${Math.trunc(options.retry)}\n`;
  }
  for (const line of options.data.split(/\r\n|\r|\n/))
    frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/**
 * Encodes a JSON value as one `data:` event. `JSON.stringify` never emits raw
 * newlines, so this is always a single line (the fast path).
 */
export function encodeSseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** Encodes an SSE comment (keep-alive); multi-line text becomes several comment lines. */
export function encodeSseComment(text = 'ping'): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map(line => `: ${line}`)
    .join('\n')}\n\n`;
}

/**
 * Encodes the final error event of a stream that already began:
 * `data: {"error":{message,type,param,code}}`. The official `openai` client
 * raises it as an `APIError`. Follow it with {@link SSE_DONE}.
 */
export function encodeSseError(error: unknown): string {
  return encodeSseData(toErrorBody(error));
}

function checkField(name: string, value: string): string {
  if (/[\r\n]/.test(value))
    throw new TypeError(`SSE ${name} must not contain CR or LF`);
  return value;
}
