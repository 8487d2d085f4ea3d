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
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
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

/**
 * Upper estimate of the average glyph width of 11 px sans-serif text, px.
 * SVG text cannot be measured without a browser, so labels are fitted to
 * this estimate.
 */
const CHAR_WIDTH = 6.5;
/** Longest competitor name shown whole in a legend, in characters. */
const LEGEND_MAX_CHARS = 32;

/**
 * `text` cut to `max` characters by an ellipsis in the middle: names of one
 * deployment often differ only at the end (`…-v1`, `…-v2`), so both ends
 * stay visible.
 */
function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  const kept = Math.max(1, max - 1);
  const head = Math.ceil(kept / 2);
  const tail = kept - head;
  return `${characters.slice(0, head).join('')}…${tail > 0 ? characters.slice(-tail).join('') : ''}`;
}

/**
 * A label that fits `maxChars`: when cut, it is wrapped in a `<g>` whose
 * `<title>` holds the full text (the browser's tooltip).
 */
function fittedLabel(options: {
  text: string;
  maxChars: number;
  className: string;
  x: number;
  y: number;
  anchor?: 'middle';
}): { svg: string; width: number } {
  const shown = truncate(options.text, options.maxChars);
  const anchor = options.anchor ? ` text-anchor="${options.anchor}"` : '';
  const text = `<text class="${options.className}" x="${options.x.toFixed(1)}" y="${options.y.toFixed(1)}" font-size="11"${anchor}>${escapeHtml(shown)}</text>`;
  return {
    svg:
      shown === options.text
        ? text
        : `<g><title>${escapeHtml(options.text)}</title>${text}</g>`,
    width: Array.from(shown).length * CHAR_WIDTH,
  };
}

/**
 * An inline SVG grouped bar chart on a 0–`max` scale (default 100). Group
 * labels are centred under their group and cut to its width; the legend
 * wraps into rows and cuts names longer than 32 characters. A label is cut
 * in the middle and keeps its full text as a tooltip, so long or many competitor and
 * category names never overlap.
 */
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
  const barStep = 22;
  const groupWidth = Math.max(80, series.length * barStep + 16);
  const pad = 36;
  const plot = 164;
  const axis = pad + plot;
  // Legend items: swatch, gap, name, spacing to the next item.
  const legendItems = series.map(name => {
    const shown = truncate(name, LEGEND_MAX_CHARS);
    return { name, width: 14 + Array.from(shown).length * CHAR_WIDTH + 16 };
  });
  const widest = Math.max(0, ...legendItems.map(item => item.width));
  const width = Math.ceil(
    Math.max(pad * 2 + groupWidth * options.groups.length, pad * 2 + widest),
  );
  const parts: string[] = [];
  options.groups.forEach((group, groupIndex) => {
    const cell = pad + groupIndex * groupWidth;
    const x0 = cell + (groupWidth - (series.length * barStep - 4)) / 2;
    group.bars.forEach(bar => {
      const index = series.indexOf(bar.series);
      const value = bar.value ?? 0;
      const barHeight = (plot * Math.min(max, Math.max(0, value))) / max;
      parts.push(
        `<rect x="${(x0 + index * barStep).toFixed(1)}" y="${(axis - barHeight).toFixed(1)}" width="18" height="${barHeight.toFixed(1)}" fill="${paletteColour(index)}"><title>${escapeHtml(`${bar.series} · ${group.label}: ${bar.value === null ? 'n/a' : value.toFixed(1)}`)}</title></rect>`,
      );
    });
    parts.push(
      fittedLabel({
        text: group.label,
        maxChars: Math.floor((groupWidth - 8) / CHAR_WIDTH),
        className: 'group-label',
        x: cell + groupWidth / 2,
        y: axis + 14,
        anchor: 'middle',
      }).svg,
    );
  });
  // The legend flows left to right and wraps at the chart's right edge.
  const legend: string[] = [];
  let x = pad;
  let y = axis + 28;
  legendItems.forEach((item, index) => {
    if (x > pad && x + item.width > width - pad / 2) {
      x = pad;
      y += 16;
    }
    legend.push(
      `<rect x="${x.toFixed(1)}" y="${y}" width="10" height="10" fill="${paletteColour(index)}"/>`,
      fittedLabel({
        text: item.name,
        maxChars: LEGEND_MAX_CHARS,
        className: 'legend-label',
        x: x + 14,
        y: y + 9,
      }).svg,
    );
    x += item.width;
  });
  const height = y + 18;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"><title>${escapeHtml(options.title)}</title><text x="${pad}" y="16" font-size="12">${escapeHtml(options.title)} (0–${max})</text><line x1="${pad}" y1="${axis}" x2="${width - pad}" y2="${axis}" stroke="#333"/>${parts.join('')}${legend.join('')}</svg>`;
}
