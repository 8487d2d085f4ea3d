import { describe, expect, it } from 'vitest';
import { fakeReport } from '../test/fake-report';
import { compareReports, formatComparison } from './compare-reports';

describe('formatComparison', () => {
  it('should have one dashed group per named column, with better/worse beside the delta', async () => {
    const a = await fakeReport({ competitors: ['alpha'], runId: 'ra' });
    const b = await fakeReport({ competitors: ['alpha'], runId: 'rb' });
    b.competitors[0]!.composite.score += 5;
    const [title, header, dashes, ...rows] = formatComparison({ a, b }).split(
      '\n',
    );
    expect(title).toBe('alpha');
    expect(header!.split(/\s{2,}/)).toEqual([
      'metric',
      'a (ra)',
      'b (rb)',
      'delta (b − a)',
    ]);
    expect(dashes!.split('  ')).toHaveLength(4);
    expect(rows[0]).toMatch(/^composite\s+\S+\s+\S+\s+\+5\.00 better$/);
  });

  it('should list each report’s competitors when none appears in both', async () => {
    const a = await fakeReport({ competitors: ['x', 'y'], runId: 'ra' });
    const b = await fakeReport({ competitors: ['z', 'w'], runId: 'rb' });
    expect(compareReports({ a, b })).toEqual([]);
    expect(formatComparison({ a, b })).toBe(
      'No competitor appears in both reports (competitors are matched by id): a (ra) has x, y; b (rb) has z, w.',
    );
  });
});
