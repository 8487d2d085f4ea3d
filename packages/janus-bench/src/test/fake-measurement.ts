import type { RequestMeasurement } from '../metrics/request-measurement';

/** A successful measurement with overridable fields, for scorer tests. @internal */
export function fakeMeasurement(
  overrides: Partial<RequestMeasurement> = {},
): RequestMeasurement {
  return {
    ok: true,
    error: null,
    http_status: 200,
    started_at: '2026-01-01T00:00:00.000Z',
    start_offset_ms: 0,
    ttft_ms: 100,
    ttfct_ms: 100,
    e2e_ms: 1000,
    close_ms: 1001,
    tpot_ms: 10,
    token_gaps_ms: [],
    event_gaps_ms: [],
    max_event_gap_ms: 0,
    data_events: 10,
    token_events: 10,
    keep_alives: 0,
    output_tokens: 91,
    tokens_source: 'usage',
    usage: {
      prompt_tokens: 9,
      completion_tokens: 91,
      total_tokens: 100,
      cost_usd: null,
      sandbox_seconds: null,
    },
    done: true,
    content: '',
    reasoning: '',
    tool_calls: [],
    finish_reason: 'stop',
    ...overrides,
  };
}

/** A failed measurement (HTTP 500 before any byte). @internal */
export function failedMeasurement(): RequestMeasurement {
  return fakeMeasurement({
    ok: false,
    error: { kind: 'http_error', message: 'HTTP 500', status: 500 },
    http_status: 500,
    ttft_ms: null,
    ttfct_ms: null,
    e2e_ms: null,
    tpot_ms: null,
    token_events: 0,
    data_events: 0,
    output_tokens: 0,
    tokens_source: 'estimated',
    usage: null,
    done: false,
  });
}
