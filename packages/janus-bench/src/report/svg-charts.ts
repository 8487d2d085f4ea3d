/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`);
}

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
];

/** A colour of the chart palette, by index. */
export function paletteColour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/**
 * An inline SVG histogram of `values` (equal-width bins between min and
 * max), with axis labels in `unit`. Empty input renders a "no data" box.
 */
export function histogramSvg(options: {
  values: readonly number[];
  title: string;
  unit: string;
  bins?: number;
  colour?: string;
}): string {
  const width = 480;
  const height = 200;
  const pad = 36;
  const values = options.values.filter(Number.isFinite);
  const header = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"><title>${escapeHtml(options.title)}</title>`;
  if (values.length === 0) {
    return `${header}<text x="${width / 2}" y="${height / 2}" text-anchor="middle">${escapeHtml(options.title)}: no data</text></svg>`;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const bins = options.bins ?? 30;
  const span = max - min || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values)
    counts[Math.min(bins - 1, Math.floor(((value - min) / span) * bins))]!++;
  const top = Math.max(...counts);
  const barWidth = (width - 2 * pad) / bins;
  const bars = counts
    .map((count, index) => {
      const barHeight = ((height - 2 * pad) * count) / top;
      return `<rect x="${(pad + index * barWidth).toFixed(1)}" y="${(height - pad - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${options.colour ?? PALETTE[0]}"><title>${count}</title></rect>`;
    })
    .join('');
  const label = (value: number) =>
    `${value.toFixed(value < 10 ? 2 : 0)} ${options.unit}`;
  return `${header}<text x="${pad}" y="16" font-size="12">${escapeHtml(options.title)} (n=${values.length}, max count ${top})</text>${bars}<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/><text x="${pad}" y="${height - pad + 16}" font-size="11">${label(min)}</text><text x="${width - pad}" y="${height - pad + 16}" font-size="11" text-anchor="end">${label(max)}</text></svg>`;
}

/** One group of bars (e.g. a category), one bar per series (e.g. a competitor). */
export interface BarGroup {
  label: string;
  bars: { series: string; value: number | null }[];
}

/** An inline SVG grouped bar chart on a 0–`max` scale (default 100). */
export function barChartSvg(options: {
  groups: readonly BarGroup[];
  title: string;
  max?: number;
}): string {
  const series = [
    ...new Set(
      options.groups.flatMap(group => group.bars.map(bar => bar.series)),
    ),
  ];
  const max = options.max ?? 100;
  const groupWidth = Math.max(60, series.length * 22 + 16);
  const pad = 36;
  const width = pad * 2 + groupWidth * options.groups.length;
  const height = 240;
  const plot = height - 2 * pad - 20;
  const parts: string[] = [];
  options.groups.forEach((group, groupIndex) => {
    const x0 = pad + groupIndex * groupWidth + 8;
    group.bars.forEach(bar => {
      const index = series.indexOf(bar.series);
      const value = bar.value ?? 0;
      const barHeight = (plot * Math.min(max, Math.max(0, value))) / max;
      parts.push(
        `<rect x="${x0 + index * 22}" y="${(pad + plot - barHeight).toFixed(1)}" width="18" height="${barHeight.toFixed(1)}" fill="${paletteColour(index)}"><title>${escapeHtml(`${bar.series} · ${group.label}: ${bar.value === null ? 'n/a' : value.toFixed(1)}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${x0}" y="${pad + plot + 14}" font-size="11">${escapeHtml(group.label)}</text>`,
    );
  });
  const legend = series
    .map(
      (name, index) =>
        `<rect x="${pad + index * 140}" y="${height - 18}" width="10" height="10" fill="${paletteColour(index)}"/><text x="${pad + index * 140 + 14}" y="${height - 9}" font-size="11">${escapeHtml(name)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"><title>${escapeHtml(options.title)}</title><text x="${pad}" y="16" font-size="12">${escapeHtml(options.title)} (0–${max})</text><line x1="${pad}" y1="${pad + plot}" x2="${width - pad}" y2="${pad + plot}" stroke="#333"/>${parts.join('')}${legend}</svg>`;
}
