import { describe, expect, it } from 'vitest';
import { barChartSvg } from './svg-charts';

/**
 * Text at font-size 11 in a sans-serif font: at most 6.5 px per character
 * on average (an upper estimate; digits and lower case are about 6 px).
 */
const CHAR_WIDTH = 6.5;

interface Label {
  x: number;
  y: number;
  anchor: string;
  shown: string;
  /** The `<title>` tooltip of the label's group, if any. */
  full: string | undefined;
}

/** The `<text class="…">` elements of a class, with their tooltips. */
function labels(svg: string, className: string): Label[] {
  const pattern = new RegExp(
    `(?:<g><title>([^<]*)</title>)?<text class="${className}" x="([\\d.]+)" y="([\\d.]+)"[^>]*?(?: text-anchor="(\\w+)")?>([^<]*)</text>`,
    'g',
  );
  return [...svg.matchAll(pattern)].map(match => ({
    full: match[1],
    x: Number(match[2]),
    y: Number(match[3]),
    anchor: match[4] ?? 'start',
    shown: match[5]!,
  }));
}

/** The horizontal extent of a label, by {@link CHAR_WIDTH}. */
function extent(label: Label): [number, number] {
  const width = Array.from(label.shown).length * CHAR_WIDTH;
  const left = label.anchor === 'middle' ? label.x - width / 2 : label.x;
  return [left, left + width];
}

function expectNoOverlap(items: readonly Label[]): void {
  const rows = new Map<number, Label[]>();
  for (const item of items)
    rows.set(item.y, [...(rows.get(item.y) ?? []), item]);
  for (const row of rows.values()) {
    const spans = row.map(extent).sort((a, b) => a[0] - b[0]);
    for (let index = 1; index < spans.length; index++)
      expect(spans[index]![0]).toBeGreaterThanOrEqual(spans[index - 1]![1]);
  }
}

function size(svg: string): { width: number; height: number } {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe('barChartSvg', () => {
  const long = 'a-private-category-with-a-very-long-name';
  const chart = barChartSvg({
    title: 'Quality per category',
    groups: ['chat', long, 'multimodal', 'code'].map(label => ({
      label,
      bars: [
        { series: 'a', value: 50 },
        { series: 'b', value: 70 },
      ],
    })),
  });

  it('should keep every group label inside the chart without overlapping the next one', () => {
    const groups = labels(chart, 'group-label');
    expect(groups.map(label => label.full ?? label.shown)).toEqual([
      'chat',
      long,
      'multimodal',
      'code',
    ]);
    expectNoOverlap(groups);
    const { width } = size(chart);
    for (const label of groups) {
      const [left, right] = extent(label);
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(width);
    }
  });

  it('should truncate a long group label with an ellipsis and keep the full name as a tooltip', () => {
    const label = labels(chart, 'group-label')[1]!;
    // Cut in the middle: both ends stay readable.
    expect(label.shown).toMatch(/^a-pri…-name$/);
    expect(label.shown.length).toBeLessThan(long.length);
    expect(label.full).toBe(long);
    // Short labels are shown whole, without a tooltip.
    expect(labels(chart, 'group-label')[0]).toMatchObject({
      shown: 'chat',
      full: undefined,
    });
  });

  it('should show the dimension names whole with a single competitor', () => {
    const svg = barChartSvg({
      title: 'Competitor comparison',
      groups: [
        'composite',
        'quality',
        'speed',
        'cost',
        'streaming',
        'multimodal',
      ].map(label => ({ label, bars: [{ series: 'janus', value: 50 }] })),
    });
    const groups = labels(svg, 'group-label');
    expect(groups.map(label => label.shown)).toEqual([
      'composite',
      'quality',
      'speed',
      'cost',
      'streaming',
      'multimodal',
    ]);
    expectNoOverlap(groups);
  });

  it('should wrap the legend into rows so many long competitor names neither overlap nor leave the chart', () => {
    const names = Array.from(
      { length: 9 },
      (_, index) => `competitor-with-a-rather-long-name-${index}`,
    );
    names.push(`${'x'.repeat(80)}-the-longest`);
    const svg = barChartSvg({
      title: 'Competitor comparison',
      groups: [
        {
          label: 'composite',
          bars: names.map((series, index) => ({ series, value: index * 10 })),
        },
      ],
    });
    const legend = labels(svg, 'legend-label');
    expect(legend).toHaveLength(names.length);
    expect(legend.map(label => label.full ?? label.shown)).toEqual(names);
    expect(new Set(legend.map(label => label.y)).size).toBeGreaterThan(1);
    expectNoOverlap(legend);
    const { width, height } = size(svg);
    for (const label of legend) {
      expect(extent(label)[1]).toBeLessThanOrEqual(width);
      expect(label.y).toBeLessThanOrEqual(height);
    }
    expect(legend.at(-1)!.shown).toMatch(/^x+…x+-the-longest$/);
    // Names that differ only at the end stay distinguishable.
    expect(new Set(legend.map(label => label.shown)).size).toBe(names.length);
  });

  it('should escape names in labels and tooltips', () => {
    const svg = barChartSvg({
      title: 't',
      groups: [
        {
          label: '<b>&category-with-a-long-enough-name</b>',
          bars: [{ series: '"quoted" <competitor>', value: 1 }],
        },
      ],
    });
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<competitor>');
    expect(svg).toContain('&#34;quoted&#34; &#60;competitor&#62;');
  });
});
