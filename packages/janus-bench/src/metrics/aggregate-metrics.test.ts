import { describe, expect, it } from 'vitest';
import { fakeMeasurement } from '../test/fake-measurement';
import { aggregateMetrics, peakConcurrency } from './aggregate-metrics';

describe('aggregateMetrics', () => {
  // Two successes and a request that streamed tokens, then timed out.
  const fast = fakeMeasurement({
    start_offset_ms: 0,
    ttft_ms: 100,
    e2e_ms: 1000,
    close_ms: 1000,
    tpot_ms: 10,
    token_gaps_ms: [10, 20],
    event_gaps_ms: [10, 20],
    max_event_gap_ms: 20,
    output_tokens: 91,
    usage: {
      prompt_tokens: 9,
      completion_tokens: 91,
      total_tokens: 100,
      cost_usd: 0.001,
      sandbox_seconds: null,
    },
  });
  const slow = fakeMeasurement({
    start_offset_ms: 500,
    ttft_ms: 300,
    e2e_ms: 1500,
    close_ms: 1500,
    tpot_ms: 20,
    token_gaps_ms: [30],
    event_gaps_ms: [30],
    max_event_gap_ms: 30,
    output_tokens: 9,
    tokens_source: 'estimated',
    usage: null,
  });
  const timedOut = fakeMeasurement({
    ok: false,
    error: { kind: 'timeout', message: 'Timed out', status: null },
    start_offset_ms: 1000,
    ttft_ms: 5,
    e2e_ms: 50,
    close_ms: 3000,
    tpot_ms: 1,
    token_gaps_ms: [2950],
    event_gaps_ms: [2950],
    max_event_gap_ms: 2950,
    output_tokens: 50,
    done: false,
  });
  const metrics = aggregateMetrics([
    { task_id: 'a', measurement: fast, continuity: 1 },
    { task_id: 'b', measurement: slow, continuity: 0.5 },
    { task_id: 'c', measurement: timedOut, continuity: 0 },
  ]);

  it('should count a failed request but keep its timings out of the latency distributions', () => {
    expect(metrics).toMatchObject({
      requests: 3,
      succeeded: 2,
      failed: 1,
      failure_rate: 1 / 3,
      error_kinds: { timeout: 1 },
      errors: [{ task_id: 'c', kind: 'timeout', message: 'Timed out' }],
    });
    expect(metrics.ttft_ms).toMatchObject({ count: 2, min: 100, max: 300 });
    expect(metrics.tpot_ms).toMatchObject({ count: 2, mean: 15 });
    expect(metrics.itl_ms).toMatchObject({ count: 3, max: 30 });
    expect(metrics.event_gap_ms.count).toBe(3);
    expect(metrics.max_event_gap_ms).toBe(30);
  });

  it('should average continuity over every request, failed ones included', () => {
    expect(metrics.continuity).toBeCloseTo(0.5, 10);
  });

  it('should rate successful tokens and requests over the whole window, failures included in the window', () => {
    // First start 0 → last close 1000 + 3000 = 4000 ms.
    expect(metrics.duration_ms).toBe(4000);
    expect(metrics.output_tokens).toBe(100);
    expect(metrics.output_tokens_per_second).toBeCloseTo(25, 10);
    expect(metrics.requests_per_second).toBeCloseTo(0.5, 10);
    expect(metrics.tokens_source).toEqual({ usage: 1, estimated: 1 });
  });

  it('should sum server cost of successful requests and price it per million total tokens', () => {
    expect(metrics.cost.cost_usd).toBeCloseTo(0.001, 12);
    // 100 total tokens reported + 9 estimated output tokens.
    expect(metrics.cost.total_tokens).toBe(109);
    // Priced over the 100 tokens of the request that reported the cost.
    expect(metrics.cost.usd_per_1m_tokens).toBeCloseTo((0.001 / 100) * 1e6, 9);
  });
});

describe('aggregateMetrics cost', () => {
  const usage = (total: number, cost: number | null) => ({
    prompt_tokens: 0,
    completion_tokens: total,
    total_tokens: total,
    cost_usd: cost,
    sandbox_seconds: null,
  });

  it('should price $/1M tokens over the tokens of the requests that reported a cost only', () => {
    // One request reports $0.001 for 100 tokens; another reports no cost
    // for 900 tokens. Its tokens are not free: they stay out of the price.
    const metrics = aggregateMetrics([
      {
        task_id: 'a',
        measurement: fakeMeasurement({ usage: usage(100, 0.001) }),
        continuity: 1,
      },
      {
        task_id: 'b',
        measurement: fakeMeasurement({ usage: usage(900, null) }),
        continuity: 1,
      },
    ]);
    expect(metrics.cost.total_tokens).toBe(1000);
    expect(metrics.cost.cost_usd).toBeCloseTo(0.001, 12);
    expect(metrics.cost.usd_per_1m_tokens).toBeCloseTo(10, 9);
  });

  it('should give no price when the requests that reported a cost had no tokens', () => {
    const metrics = aggregateMetrics([
      {
        task_id: 'a',
        measurement: fakeMeasurement({ usage: usage(0, 0.001) }),
        continuity: 1,
      },
      {
        task_id: 'b',
        measurement: fakeMeasurement({ usage: usage(900, null) }),
        continuity: 1,
      },
    ]);
    expect(metrics.cost.usd_per_1m_tokens).toBeNull();
  });

  it('should give zeros and nulls, never NaN, for no requests', () => {
    const metrics = aggregateMetrics([]);
    expect(metrics).toMatchObject({
      requests: 0,
      failure_rate: 0,
      duration_ms: 0,
      output_tokens_per_second: 0,
      requests_per_second: 0,
      continuity: 0,
      peak_concurrency: 0,
      cost: { cost_usd: null, usd_per_1m_tokens: null },
    });
    expect(metrics.ttft_ms.p50).toBeNull();
  });
});

describe('peakConcurrency', () => {
  it('should let a request that closes free its slot for one starting at the same instant', () => {
    const back = (start: number, close: number) =>
      fakeMeasurement({ start_offset_ms: start, close_ms: close });
    expect(peakConcurrency([back(0, 100), back(100, 100)])).toBe(1);
    expect(peakConcurrency([back(0, 100), back(99, 100)])).toBe(2);
  });
});
