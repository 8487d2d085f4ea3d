/**
 * RFC 9110 conditional requests for servers of static bytes (the artifact
 * routes): entity-tag parsing, the strong and weak comparison functions,
 * and the two preconditions a GET/HEAD of an artifact evaluates,
 * `If-None-Match` (13.1.2) and `If-Range` (13.1.5). Pure functions: the
 * caller passes header values and its own validators.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1
 */

/** One parsed entity tag (RFC 9110 8.8.3). */
export interface EntityTag {
  /** Whether it carried the (case-sensitive) `W/` prefix. */
  weak: boolean;
  /** The opaque tag with its double quotes, e.g. `"abc"`. */
  opaqueTag: string;
}

/** Which comparison function of RFC 9110 8.8.3.2 to use. */
export type EntityTagComparison = 'strong' | 'weak';

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text.
const entityTagPattern = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/;
// The same, anchored at a position of a list (sticky), for parseEntityTagList.
const listedTagPattern = /(W\/)?("[\x21\x23-\x7e\x80-\xff]*")/y;

/**
 * Parses one entity tag (`"abc"` or `W/"abc"`; surrounding whitespace is
 * ignored).
 *
 * @param text An `ETag` or `If-Range` field value.
 * @returns The tag, or `undefined` when `text` is not one entity tag.
 * @example
 * ```ts
 * parseEntityTag('W/"v1"'); // { weak: true, opaqueTag: '"v1"' }
 * ```
 */
export function parseEntityTag(text: string): EntityTag | undefined {
  const match = entityTagPattern.exec(text.trim());
  if (match === null) return undefined;
  return { weak: match[1] !== undefined, opaqueTag: match[2]! };
}

/**
 * Parses an `If-Match`/`If-None-Match` field value: `*`, or a comma-separated
 * list of entity tags (optional whitespace and empty elements allowed, as
 * RFC 9110 5.6.1 asks recipients to accept). Several field lines joined with
 * `, ` parse as one list.
 *
 * @param header The field value.
 * @returns `'*'`, the tags in order, or `undefined` when the value is
 *   malformed (a bare word, an unclosed quote, `*` inside a list): the
 *   caller then ignores the condition, which sending the full answer always
 *   satisfies.
 */
export function parseEntityTagList(
  header: string,
): '*' | EntityTag[] | undefined {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let index = skipListSpace(header, 0, true);
  while (index < header.length) {
    listedTagPattern.lastIndex = index;
    const match = listedTagPattern.exec(header);
    if (match === null) return undefined;
    tags.push({ weak: match[1] !== undefined, opaqueTag: match[2]! });
    // After a tag: optional whitespace, then a comma or the end.
    index = skipListSpace(header, listedTagPattern.lastIndex, false);
    if (index < header.length && header[index] !== ',') return undefined;
    index = skipListSpace(header, index, true);
  }
  return tags;
}

/** The index after optional whitespace (and commas, when `commas`). */
function skipListSpace(text: string, from: number, commas: boolean): number {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char !== ' ' && char !== '\t' && !(commas && char === ',')) break;
    index++;
  }
  return index;
}

/**
 * Compares two entity tags (RFC 9110 8.8.3.2): `weak` needs equal opaque
 * tags; `strong` also needs neither to be weak.
 *
 * @param options.first One tag.
 * @param options.second The other tag.
 * @param options.comparison `strong` or `weak`.
 * @returns Whether they match.
 */
export function entityTagsMatch(options: {
  first: EntityTag;
  second: EntityTag;
  comparison: EntityTagComparison;
}): boolean {
  const { first, second } = options;
  if (first.opaqueTag !== second.opaqueTag) return false;
  return options.comparison === 'weak' || (!first.weak && !second.weak);
}

/**
 * Evaluates `If-None-Match` for a GET or HEAD of an existing representation
 * (RFC 9110 13.1.2, weak comparison): `true` means the condition is false
 * and the answer is `304 Not Modified` (with the `ETag`, no body). Call it
 * before `If-Range`/`Range` (13.2.2).
 *
 * @param options.header The `If-None-Match` value, or `null` when absent.
 * @param options.etag The current `ETag` value (e.g. `"<sha256>"`), or
 *   `undefined` when the representation has none (then only `*` hits).
 * @returns `true` for `*` or a listed tag that weakly matches `etag`;
 *   `false` when absent, malformed or not matching.
 * @example
 * ```ts
 * ifNoneMatchHits({ header: 'W/"a", "b"', etag: '"a"' }); // true → 304
 * ```
 */
export function ifNoneMatchHits(options: {
  header: string | null;
  etag: string | undefined;
}): boolean {
  if (options.header === null) return false;
  const listed = parseEntityTagList(options.header);
  if (listed === undefined) return false;
  if (listed === '*') return true;
  const current =
    options.etag === undefined ? undefined : parseEntityTag(options.etag);
  if (current === undefined) return false;
  return listed.some(tag =>
    entityTagsMatch({ first: tag, second: current, comparison: 'weak' }),
  );
}

/**
 * Evaluates `If-Range` (RFC 9110 13.1.5): whether a `Range` header may be
 * honoured. `false` means ignore `Range` and send the whole representation
 * with 200. An entity tag must match `etag` under strong comparison (a weak
 * tag never does); an HTTP-date must be the same instant as `lastModified`.
 *
 * @param options.header The `If-Range` value, or `null` when absent.
 * @param options.etag The current `ETag` value, if any.
 * @param options.lastModified The current `Last-Modified` value, if any.
 *   Pass it only when it is a strong validator (RFC 9110 8.8.2.2: the bytes
 *   cannot change twice within its second); without it a date never
 *   matches.
 * @returns `true` when the header is absent or matches; `false` when it does
 *   not match or is malformed.
 * @example
 * ```ts
 * ifRangeAllows({ header: '"v1"', etag: '"v2"' }); // false → 200, full body
 * ```
 */
export function ifRangeAllows(options: {
  header: string | null;
  etag?: string | undefined;
  lastModified?: string | undefined;
}): boolean {
  if (options.header === null) return true;
  const value = options.header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    const requested = parseEntityTag(value);
    const current =
      options.etag === undefined ? undefined : parseEntityTag(options.etag);
    if (requested === undefined || current === undefined) return false;
    return entityTagsMatch({
      first: requested,
      second: current,
      comparison: 'strong',
    });
  }
  if (options.lastModified === undefined) return false;
  const requested = parseHttpDate(value);
  const current = parseHttpDate(options.lastModified);
  return requested !== undefined && requested === current;
}

// The three HTTP-date forms (RFC 9110 5.6.7) recipients must accept:
// IMF-fixdate, obsolete RFC 850 and asctime. Anything else is no date.
const httpDatePatterns = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** Epoch milliseconds of an HTTP-date, or `undefined` when it is not one. */
function parseHttpDate(text: string): number | undefined {
  const value = text.trim();
  if (!httpDatePatterns.some(pattern => pattern.test(value))) return undefined;
  // asctime has no zone: it is GMT by definition.
  const time = Date.parse(value.endsWith('GMT') ? value : `${value} GMT`);
  return Number.isNaN(time) ? undefined : time;
}
