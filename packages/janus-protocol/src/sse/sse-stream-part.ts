import type { JanusError } from '../errors/janus-error';

/**
 * One decoded item of an SSE stream. Decoders emit results rather than
 * throwing (STYLE.md 7.1): a malformed event becomes an `error` part and the
 * stream goes on, so one bad event never crashes a consumer.
 */
export type SseStreamPart<T> =
  /** A `data:` event whose JSON payload parsed (and validated, with a schema). */
  | {
      type: 'data';
      value: T;
      event: string | undefined;
      id: string | undefined;
      /** The data field as received; only with the decoder's `raw` option. */
      raw?: string;
    }
  /** An SSE comment line (`: ping`): the upstream is alive but has nothing to say. */
  | { type: 'keep-alive'; comment: string }
  /** `data: [DONE]`: the stream ended normally. Nothing follows it. */
  | { type: 'done' }
  /**
   * Something went wrong: an in-stream `{"error":…}` event (`UpstreamError`),
   * malformed JSON or an oversized event (`SseParseError`), a payload that does
   * not match the schema (`ProtocolValidationError`), a stream that ended
   * without `[DONE]` (`SseParseError`, kind `unexpected_end`).
   */
  | { type: 'error'; error: JanusError };
