import { describe, expect, it } from 'vitest';
import {
  entityTagsMatch,
  ifNoneMatchHits,
  ifRangeAllows,
  parseEntityTag,
  parseEntityTagList,
} from './conditional-requests';

const date = 'Sun, 06 Nov 1994 08:49:37 GMT';

describe('parseEntityTag', () => {
  it.each([
    ['"abc"', { weak: false, opaqueTag: '"abc"' }],
    ['W/"abc"', { weak: true, opaqueTag: '"abc"' }],
    ['  ""  ', { weak: false, opaqueTag: '""' }],
    ['"a/b=c"', { weak: false, opaqueTag: '"a/b=c"' }],
    ['abc', undefined],
    ['w/"abc"', undefined], // the W/ prefix is case-sensitive
    ['"a b"', undefined],
    ['"abc', undefined],
    ['"a", "b"', undefined],
    ['*', undefined],
  ])('should parse %j', (text, expected) => {
    expect(parseEntityTag(text)).toEqual(expected);
  });
});

describe('parseEntityTagList', () => {
  it.each([
    ['*', '*'],
    [' * ', '*'],
    ['"a"', [{ weak: false, opaqueTag: '"a"' }]],
    [
      '"a", W/"b",,\t"c"',
      [
        { weak: false, opaqueTag: '"a"' },
        { weak: true, opaqueTag: '"b"' },
        { weak: false, opaqueTag: '"c"' },
      ],
    ],
    ['"a,b"', [{ weak: false, opaqueTag: '"a,b"' }]],
    ['', []],
    ['"a" "b"', undefined],
    [' , "a" ,', [{ weak: false, opaqueTag: '"a"' }]],
    ['"a"x', undefined],
    ['abc', undefined],
    ['"a", *', undefined],
    ['"a", "b', undefined],
  ])('should parse %j', (header, expected) => {
    expect(parseEntityTagList(header)).toEqual(expected);
  });
});

describe('entityTagsMatch', () => {
  // The examples table of RFC 9110 8.8.3.2.
  it.each([
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ] as const)('should compare %s and %s', (first, second, strong, weak) => {
    const tags = {
      first: parseEntityTag(first)!,
      second: parseEntityTag(second)!,
    };
    expect(entityTagsMatch({ ...tags, comparison: 'strong' })).toBe(strong);
    expect(entityTagsMatch({ ...tags, comparison: 'weak' })).toBe(weak);
  });
});

describe('ifNoneMatchHits', () => {
  it.each([
    [null, '"a"', false],
    ['"a"', '"a"', true],
    ['"b"', '"a"', false],
    ['"b", "a"', '"a"', true],
    ['"b","a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"a"', 'W/"a"', true],
    ['*', '"a"', true],
    ['*', undefined, true],
    ['"a"', undefined, false],
    ['a', '"a"', false],
    ['"a', '"a"', false],
    ['"A"', '"a"', false],
    ['', '"a"', false],
  ])('should evaluate %j against %j as %s', (header, etag, expected) => {
    expect(ifNoneMatchHits({ header, etag })).toBe(expected);
  });
});

describe('ifRangeAllows', () => {
  it.each([
    [null, {}, true],
    [null, { etag: '"a"' }, true],
    ['"a"', { etag: '"a"' }, true],
    [' "a" ', { etag: '"a"' }, true],
    ['"b"', { etag: '"a"' }, false],
    ['W/"a"', { etag: '"a"' }, false], // strong comparison
    ['"a"', { etag: 'W/"a"' }, false],
    ['"a"', {}, false],
    ['"a", "b"', { etag: '"a"' }, false], // one validator, not a list
    ['*', { etag: '"a"' }, false],
    [date, { lastModified: date }, true],
    [date, { etag: '"a"', lastModified: date }, true],
    ['Sunday, 06-Nov-94 08:49:37 GMT', { lastModified: date }, true],
    ['Sun Nov  6 08:49:37 1994', { lastModified: date }, true],
    ['Sun, 06 Nov 1994 08:49:38 GMT', { lastModified: date }, false],
    [date, { etag: '"a"' }, false], // no Last-Modified to match
    ['1994-11-06', { lastModified: date }, false],
    ['not a date', { lastModified: 'not a date' }, false],
  ])('should evaluate %j with %j as %s', (header, validators, expected) => {
    expect(ifRangeAllows({ header, ...validators })).toBe(expected);
  });
});
