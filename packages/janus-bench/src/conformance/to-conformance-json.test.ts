import { describe, expect, it } from 'vitest';
import { toConformanceJson } from './to-conformance-json';

describe('toConformanceJson', () => {
  it('should use snake_case keys and null for an absent reason or note, like the run report', () => {
    const json = toConformanceJson({
      target: 'http://127.0.0.1:8001',
      passed: false,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2345,
      results: [
        { id: 'health', title: 'Health', status: 'pass', durationMs: 12 },
        {
          id: 'models',
          title: 'Models',
          status: 'pass',
          note: "model 'nobody' is not listed in /v1/models",
          durationMs: 3,
        },
        {
          id: 'stream-usage',
          title: 'Usage chunk',
          status: 'fail',
          reason: 'no chunk carries usage',
          durationMs: 1500,
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual({
      target: 'http://127.0.0.1:8001',
      passed: false,
      started_at: '2026-01-01T00:00:00.000Z',
      duration_ms: 2345,
      results: [
        {
          id: 'health',
          title: 'Health',
          status: 'pass',
          reason: null,
          note: null,
          duration_ms: 12,
        },
        {
          id: 'models',
          title: 'Models',
          status: 'pass',
          reason: null,
          note: "model 'nobody' is not listed in /v1/models",
          duration_ms: 3,
        },
        {
          id: 'stream-usage',
          title: 'Usage chunk',
          status: 'fail',
          reason: 'no chunk carries usage',
          note: null,
          duration_ms: 1500,
        },
      ],
    });
  });
});
