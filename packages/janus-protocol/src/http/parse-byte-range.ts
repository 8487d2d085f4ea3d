/** A satisfiable byte range, inclusive bounds. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single-range `Range: bytes=…` header against a known size
 * (RFC 9110 §14.1.2, §14.2). Returns `undefined` to ignore the header
 * (absent, malformed, another unit, several ranges, last < first: serving
 * the full body is allowed), or `'unsatisfiable'` (→ 416) for a valid range
 * that starts beyond the end, a zero-length suffix, or a suffix of an empty
 * body. The one parser of the gateway's artifact proxy, the competitor kit's
 * artifact server and Sandy's artifact route.
 *
 * @param header The `Range` header value, or `null`.
 * @param size The body's length in bytes.
 * @returns The inclusive range, `'unsatisfiable'`, or `undefined`.
 * @example
 * ```ts
 * parseByteRange('bytes=-3', 10); // { start: 7, end: 9 }
 * ```
 */
export function parseByteRange(
  header: string | null,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === null) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  // Compared as digit strings: past 2^53 two different numbers can round to
  // the same double, and an invalid range (last < first) would become 416.
  if (last !== '' && compareDigits(last, first) < 0) return undefined;
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  return {
    start,
    end: last === '' ? size - 1 : Math.min(Number(last), size - 1),
  };
}

/** Compares two non-negative decimal digit strings by value, exactly. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
