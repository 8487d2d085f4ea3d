/** Format and pixel size read from an image's header bytes. */
export interface ImageHeader {
  format: 'PNG' | 'JPEG' | 'GIF' | 'WebP';
  width: number;
  height: number;
}

/**
 * Reads the format and pixel size from PNG, JPEG, GIF or WebP bytes (header
 * only, no decoding). Returns `undefined` for anything else or truncated data.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start: number, end: number) =>
    String.fromCharCode(...bytes.subarray(start, end));
  try {
    if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') {
      return {
        format: 'PNG',
        width: view.getUint32(16),
        height: view.getUint32(20),
      };
    }
    if (ascii(0, 4) === 'GIF8') {
      return {
        format: 'GIF',
        width: view.getUint16(6, true),
        height: view.getUint16(8, true),
      };
    }
    if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP')
      return readWebp(bytes, view, ascii(12, 16));
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes, view);
  } catch {
    // A RangeError from a truncated header: not a readable image.
  }
  return undefined;
}

function readWebp(
  bytes: Uint8Array,
  view: DataView,
  chunk: string,
): ImageHeader | undefined {
  if (chunk === 'VP8 ') {
    return {
      format: 'WebP',
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return {
      format: 'WebP',
      width: (bits & 0x3fff) + 1,
      height: ((bits >> 14) & 0x3fff) + 1,
    };
  }
  if (chunk === 'VP8X') {
    const uint24 = (offset: number) =>
      (bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16);
    return { format: 'WebP', width: uint24(24) + 1, height: uint24(27) + 1 };
  }
  return undefined;
}

function readJpeg(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8), DAC (CC).
    if (
      marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc
    ) {
      return {
        format: 'JPEG',
        height: view.getUint16(offset + 5),
        width: view.getUint16(offset + 7),
      };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}
