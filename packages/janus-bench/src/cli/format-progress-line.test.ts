import { describe, expect, it } from 'vitest';
import { formatProgressLine } from './format-progress-line';

describe('formatProgressLine', () => {
  it('should count one task and one competitor in the singular', () => {
    expect(
      formatProgressLine({
        type: 'run-start',
        run_id: 'r1',
        target: 'http://127.0.0.1:8000',
        suite: 'custom',
        competitors: ['janus'],
        tasks: 1,
      }),
    ).toBe(
      'run r1: 1 task × 1 competitor against http://127.0.0.1:8000 (suite custom)',
    );
    expect(
      formatProgressLine({ type: 'warmup-end', competitor: 'a', requests: 2 }),
    ).toBe('a: warmup done (2 requests, excluded)');
  });
});
