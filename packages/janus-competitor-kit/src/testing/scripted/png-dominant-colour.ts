import { inflateSync } from 'node:zlib';

const palette: Array<[name: string, rgb: [number, number, number]]> = [
  ['black', [0, 0, 0]],
  ['white', [255, 255, 255]],
  ['gray', [128, 128, 128]],
  ['red', [220, 30, 30]],
  ['green', [30, 170, 30]],
  ['blue', [30, 60, 220]],
  ['yellow', [240, 220, 30]],
  ['orange', [250, 140, 20]],
  ['purple', [130, 40, 160]],
  ['pink', [250, 150, 190]],
  ['brown', [130, 80, 30]],
  ['cyan', [30, 210, 220]],
  ['magenta', [220, 30, 200]],
];

const channelsByColourType: Record<number, number> = {
  0: 1,
  2: 3,
  3: 1,
  4: 2,
  6: 4,
};

/**
 * The dominant colour of a PNG by name: decodes the pixels (8-bit depth,
 * non-interlaced), maps each to the nearest named colour and returns the most
 * frequent. `undefined` when the PNG uses a layout this decoder skips.
 */
export function pngDominantColour(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [depth, colourType, , , interlace] = bytes.subarray(24, 29);
  const channels = channelsByColourType[colourType ?? -1];
  if (depth !== 8 || interlace !== 0 || channels === undefined)
    return undefined;
  const idat: Uint8Array[] = [];
  let plte: Uint8Array | undefined;
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IDAT') idat.push(data);
    if (type === 'PLTE') plte = data;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = unfilter(raw, { width: stride, height, bpp: channels });
  const counts = new Map<string, number>();
  for (let index = 0; index < width * height; index++) {
    const at = index * channels;
    let rgb: [number, number, number];
    if (colourType === 3) {
      const entry = (pixels[at] ?? 0) * 3;
      rgb = [
        plte?.[entry] ?? 0,
        plte?.[entry + 1] ?? 0,
        plte?.[entry + 2] ?? 0,
      ];
    } else if (channels <= 2) {
      const grey = pixels[at] ?? 0;
      rgb = [grey, grey, grey];
    } else {
      rgb = [pixels[at] ?? 0, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0];
    }
    // Fully transparent pixels do not count towards the colour.
    if (
      (colourType === 6 && pixels[at + 3] === 0) ||
      (colourType === 4 && pixels[at + 1] === 0)
    )
      continue;
    const name = nearestColour(rgb);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) [best, bestCount] = [name, count];
  }
  return best;
}

function unfilter(
  raw: Uint8Array,
  size: { width: number; height: number; bpp: number },
): Uint8Array {
  const { width, height, bpp } = size;
  const out = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (width + 1)];
    const source = row * (width + 1) + 1;
    const target = row * width;
    for (let column = 0; column < width; column++) {
      const x = raw[source + column] ?? 0;
      const a = column >= bpp ? (out[target + column - bpp] ?? 0) : 0;
      const b = row > 0 ? (out[target - width + column] ?? 0) : 0;
      const c =
        row > 0 && column >= bpp
          ? (out[target - width + column - bpp] ?? 0)
          : 0;
      let value = x;
      if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) value = x + paeth(a, b, c);
      out[target + column] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function nearestColour([r, g, b]: [number, number, number]): string {
  let best = 'black';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, [pr, pg, pb]] of palette) {
    const distance = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}
