import { describe, expect, it } from 'vitest';
import { formatConformanceReport } from './format-conformance-report';

describe('formatConformanceReport', () => {
  it('should render a table with the reason of each failure and skip', () => {
    const text = formatConformanceReport({
      target: 'http://127.0.0.1:8001',
      passed: false,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 2345,
      results: [
        {
          id: 'health',
          title: 'GET /health shape',
          status: 'pass',
          durationMs: 12,
        },
        {
          id: 'stream-usage',
          title: 'Usage chunk',
          status: 'fail',
          reason: 'no chunk carries usage',
          durationMs: 1500,
        },
        {
          id: 'artifacts',
          title: 'Artifacts',
          status: 'skip',
          reason: 'no sandbox',
          durationMs: 0,
        },
      ],
    });
    expect(text).toMatchInlineSnapshot(`
      "Janus conformance: http://127.0.0.1:8001
      started 2026-01-01T00:00:00.000Z

      CHECK         TITLE              RESULT  TIME
      ------------  -----------------  ------  ------
      health        GET /health shape  PASS    12ms
      stream-usage  Usage chunk        FAIL    1.5s
      artifacts     Artifacts          SKIP    0ms

      FAIL stream-usage: no chunk carries usage
      SKIP artifacts: no sandbox

      FAILED: 1 passed, 1 failed, 1 skipped in 2.3s
      "
    `);
  });

  it('should say PASSED when nothing failed', () => {
    const text = formatConformanceReport({
      target: 'http://x',
      passed: true,
      startedAt: 'now',
      durationMs: 1,
      results: [{ id: 'health', title: 'h', status: 'pass', durationMs: 1 }],
    });
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'PASSED: 1 passed, 0 failed, 0 skipped in 1ms',
    );
  });

  it('should list the notes of checks that passed anyway', () => {
    const text = formatConformanceReport({
      target: 'http://x',
      passed: true,
      startedAt: 'now',
      durationMs: 1,
      results: [
        {
          id: 'models',
          title: 'GET /v1/models shape',
          status: 'pass',
          note: "model 'nobody' is not listed in /v1/models; the target may route it to a default",
          durationMs: 1,
        },
      ],
    });
    expect(text.split('\n\n').slice(2)).toEqual([
      "NOTE models: model 'nobody' is not listed in /v1/models; the target may route it to a default",
      'PASSED: 1 passed, 0 failed, 0 skipped in 1ms\n',
    ]);
  });

  it('should give consecutive checks with the same reason one line', () => {
    const result = (id: string, status: 'fail' | 'skip', reason: string) => ({
      id,
      title: id,
      status,
      reason,
      durationMs: 0,
    });
    const text = formatConformanceReport({
      target: 'http://x',
      passed: false,
      startedAt: 'now',
      durationMs: 1,
      results: [
        result('health', 'fail', 'refused'),
        result('models', 'fail', 'refused'),
        result('a', 'skip', 'not run'),
        result('b', 'skip', 'not run'),
        result('c', 'skip', 'not run'),
        result('d', 'fail', 'not run'),
        result('e', 'skip', 'not run'),
      ],
    });
    expect(text.split('\n\n')[2]).toBe(
      [
        'FAIL health, models: refused',
        'SKIP a … c (3 checks): not run',
        'FAIL d: not run',
        'SKIP e: not run',
      ].join('\n'),
    );
  });
});
