import { describe, expect, it } from 'vitest';
import { fakeReport } from '../test/fake-report';
import { formatReport } from './format-report';

describe('formatReport', () => {
  it('should say "1 task" and give the unit of every latency column', async () => {
    const text = formatReport(await fakeReport({ competitors: ['alpha'] }));
    expect(text.split('\n')[0]).toContain(' · suite custom · 1 task · seed 42');
    const header = text.split('\n').find(line => line.startsWith('competitor'));
    expect(header!.split(/\s{2,}/).slice(1, 6)).toEqual([
      'TTFT p50/p99 ms',
      'TTFCT p50/p99 ms',
      'E2E p50/p99 ms',
      'TPOT p50/p99 ms',
      'ITL p50/p99 ms',
    ]);
  });
});
