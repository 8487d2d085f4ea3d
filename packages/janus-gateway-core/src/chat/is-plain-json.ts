/**
 * Whether `text.slice(start, end)` is JSON that the stream proxy may forward
 * without parsing it: valid JSON (exactly what `JSON.parse` accepts) that
 * cannot be an upstream error or an artifacts event. It is `false` for
 * anything that needs a closer look, which the proxy then parses in full:
 *
 * - invalid JSON (the decoder reports it as the upstream's failure);
 * - a top-level `error` key (an in-stream error, see `toInStreamError`);
 * - a `janus` key at any depth (an artifacts event is
 *   `choices[].delta.janus`, whose URLs must be rewritten);
 * - a key written with escapes (it could spell either of those);
 * - nesting deeper than {@link MAX_DEPTH}.
 *
 * Why not `JSON.parse`: the proxy only needs the answer, not the value.
 * This check allocates nothing and reads a typical chunk in 0.70–0.77× of
 * the parse's time (`npm run bench:relay`). A `false` costs only the parse
 * the proxy used to do for every event. A wrong `true` would pass garbage
 * on, so the whole grammar is checked.
 *
 * @internal
 */
export function isPlainJson(text: string, start: number, end: number): boolean {
  let i = start;
  let depth = 0;
  /** Bit `d` is set when the container at depth `d + 1` is an object. */
  let objects = 0;
  for (;;) {
    // A value is expected at `i`.
    i = skipSpace(text, i, end);
    if (i >= end) return false;
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === MAX_DEPTH) return false;
      const isObject = c === OPEN_BRACE;
      objects = isObject ? objects | (1 << depth) : objects & ~(1 << depth);
      depth++;
      i = skipSpace(text, i + 1, end);
      if (
        i < end &&
        text.charCodeAt(i) === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)
      ) {
        depth--;
        i++;
      } else {
        if (isObject) {
          i = skipKey(text, i, end, depth);
          if (i < 0) return false;
        }
        continue;
      }
    } else {
      i = skipScalar(text, i, end, c);
      if (i < 0) return false;
    }
    // After a value: a separator, the end of containers, or the end.
    for (;;) {
      i = skipSpace(text, i, end);
      if (depth === 0) return i === end;
      if (i >= end) return false;
      const next = text.charCodeAt(i++);
      const inObject = (objects & (1 << (depth - 1))) !== 0;
      if (next === COMMA) {
        if (inObject) {
          i = skipKey(text, i, end, depth);
          if (i < 0) return false;
        }
        break;
      }
      if (next !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return false;
      depth--;
    }
  }
}

/** Deeper nesting is left to `JSON.parse` (chat chunks nest 4–6 deep). */
const MAX_DEPTH = 31;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** JSON's four whitespace characters. */
function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/**
 * An object key and its colon, from `i`; the index after the colon, or -1
 * (invalid, escaped, or a key that needs a closer look).
 */
function skipKey(text: string, i: number, end: number, depth: number): number {
  i = skipSpace(text, i, end);
  if (i >= end || text.charCodeAt(i) !== QUOTE) return -1;
  const keyStart = i + 1;
  let k = keyStart;
  for (;;) {
    if (k >= end) return -1;
    const c = text.charCodeAt(k);
    if (c === QUOTE) break;
    // An escaped key could spell `error` or `janus`; control characters are invalid.
    if (c === BACKSLASH || c < 0x20) return -1;
    k++;
  }
  if (k - keyStart === 5) {
    if (text.startsWith('janus', keyStart)) return -1;
    if (depth === 1 && text.startsWith('error', keyStart)) return -1;
  }
  i = skipSpace(text, k + 1, end);
  if (i >= end || text.charCodeAt(i) !== COLON) return -1;
  return i + 1;
}

/** A string, number or literal starting with `c` at `i`; the index after it, or -1. */
function skipScalar(text: string, i: number, end: number, c: number): number {
  if (c === QUOTE) return skipString(text, i + 1, end);
  if (c === 0x74)
    return text.startsWith('true', i) && i + 4 <= end ? i + 4 : -1;
  if (c === 0x66)
    return text.startsWith('false', i) && i + 5 <= end ? i + 5 : -1;
  if (c === 0x6e)
    return text.startsWith('null', i) && i + 4 <= end ? i + 4 : -1;
  return skipNumber(text, i, end);
}

/** The rest of a string after its opening quote; the index after the closing one, or -1. */
function skipString(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      if (i + 1 >= end) return -1;
      const escaped = text.charCodeAt(i + 1);
      if (escaped === 0x75) {
        // \uXXXX
        if (i + 6 > end) return -1;
        for (let h = i + 2; h < i + 6; h++)
          if (!isHex(text.charCodeAt(h))) return -1;
        i += 6;
        continue;
      }
      if (!isSimpleEscape(escaped)) return -1;
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

/** `"`, `\`, `/`, `b`, `f`, `n`, `r`, `t`. */
function isSimpleEscape(c: number): boolean {
  return (
    c === QUOTE ||
    c === BACKSLASH ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  );
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; the index after it, or -1. */
function skipNumber(text: string, i: number, end: number): number {
  if (i < end && text.charCodeAt(i) === MINUS) i++;
  if (i >= end) return -1;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (first > ZERO && first <= NINE) i = skipDigits(text, i + 1, end);
  else return -1;
  if (i < end && text.charCodeAt(i) === DOT) {
    const fraction = skipDigits(text, i + 1, end);
    if (fraction === i + 1) return -1;
    i = fraction;
  }
  if (i < end && (text.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (i < end) {
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === MINUS) i++;
    }
    const exponent = skipDigits(text, i, end);
    if (exponent === i) return -1;
    i = exponent;
  }
  return i;
}

function skipDigits(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    i++;
  }
  return i;
}
