/** Why a request failed, grouped for the report's error table. */
export type ErrorKind =
  | 'http_error'
  | 'connect_error'
  | 'timeout'
  | 'stream_error'
  | 'invalid_response'
  | 'unexpected_end'
  | 'empty_response'
  | 'error_as_content'
  | 'aborted';

/** A tool call assembled from streamed fragments. */
export interface MeasuredToolCall {
  id: string | null;
  name: string;
  /** The raw JSON-encoded arguments as streamed. */
  arguments: string;
}

/** Token usage as the server reported it (or estimated, see `tokens_source`). */
export interface MeasuredUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number | null;
  sandbox_seconds: number | null;
}

/**
 * Everything measured for one request. Times are milliseconds relative to
 * `t0`, the `performance.now()` taken after the body was serialised,
 * immediately before `fetch` was called.
 */
export interface RequestMeasurement {
  /**
   * The request completed: HTTP 2xx, stream ended with `[DONE]`, no error
   * event, some output (and, in a `runBench` run, an answer that is not an
   * error message: `error_as_content`).
   */
  ok: boolean;
  error: { kind: ErrorKind; message: string; status: number | null } | null;
  /** HTTP status, `null` when no response arrived. */
  http_status: number | null;
  /** Wall-clock start (ISO), for joining with server logs. */
  started_at: string;
  /** Start relative to the run's start, ms (for throughput windows). */
  start_offset_ms: number;
  /** First event carrying a token (content, reasoning or tool call; not role-only). */
  ttft_ms: number | null;
  /** First event carrying answer content or a tool call (TTFOT). */
  ttfct_ms: number | null;
  /** Last token-carrying event (E2E latency; excludes the usage chunk and `[DONE]`). */
  e2e_ms: number | null;
  /** When the stream closed (after `[DONE]` or the error). */
  close_ms: number | null;
  /** `(e2e - ttft) / (output_tokens - 1)`, `null` for fewer than 2 tokens. */
  tpot_ms: number | null;
  /** Gaps between consecutive token-carrying events (ITL), ms. */
  token_gaps_ms: number[];
  /** Gaps between consecutive events of any kind (data chunk, keep-alive or `[DONE]`) from the first token on, ms. */
  event_gaps_ms: number[];
  /** Largest of `event_gaps_ms` (0 when fewer than two events). */
  max_event_gap_ms: number;
  /** `data:` events received (chunks), excluding `[DONE]`. */
  data_events: number;
  /** Token-carrying events. */
  token_events: number;
  /** SSE comment lines (`: ping`); events for the gap metric, never tokens. */
  keep_alives: number;
  /** Output tokens (server `usage.completion_tokens` when reported). */
  output_tokens: number;
  /** Where `output_tokens` came from: the server's usage chunk, or an estimate. */
  tokens_source: 'usage' | 'estimated';
  /** Server usage; `null` when `tokens_source` is `estimated` (no usable usage chunk). */
  usage: MeasuredUsage | null;
  /** `[DONE]` was received. */
  done: boolean;
  content: string;
  reasoning: string;
  tool_calls: MeasuredToolCall[];
  finish_reason: string | null;
}
