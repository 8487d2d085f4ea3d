import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainJson } from './is-plain-json';

const check = (text: string) => isPlainJson(text, 0, text.length);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What `isPlainJson` should answer for valid JSON: no key that needs a closer look. */
function isPlainValue(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth === 31) return false;
  if (Array.isArray(value))
    return value.every(item => isPlainValue(item, depth + 1));
  return Object.entries(value).every(
    ([key, item]) =>
      key !== 'janus' &&
      !(depth === 0 && key === 'error') &&
      JSON.stringify(key) === `"${key}"` &&
      isPlainValue(item, depth + 1),
  );
}

describe('isPlainJson', () => {
  it('should accept any JSON without a key that needs a closer look', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 1, '\t'),
        (value, space) => {
          const text = JSON.stringify(value, null, space);
          expect(check(text)).toBe(isPlainValue(value));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should never accept what JSON.parse refuses', () => {
    const mutated = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }).map(value => JSON.stringify(value)),
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.constantFrom(
          ...'{}[]",:\\ -+.eE0123456789tfnrulasx\u0000\u001f\t\n'.split(''),
        ),
      )
      .map(([text, at, cut, insert]) => {
        const index = at % (text.length + 1);
        return text.slice(0, index) + insert + text.slice(index + cut);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ unit: 'binary' })), text => {
        if (check(text)) expect(parses(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '1e+',
    '+1',
    'tru',
    'nul',
    'True',
    '"\\x"',
    '"\\u12G4"',
    '"a\u0001"',
    '"unterminated',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    '{a:1}',
    '[1 2]',
    '{"a":1}}',
    '',
    '   ',
    '{"a":1} x',
  ])('should refuse the invalid %j', text => {
    expect(parses(text)).toBe(false);
    expect(check(text)).toBe(false);
  });

  it.each([
    ['a top-level error', '{"id":1,"error":{"message":"boom"}}'],
    ['a janus key, nested', '{"choices":[{"delta":{"janus":{"event":"x"}}}]}'],
    ['an escaped key', '{"\\u0065rror":{"message":"boom"}}'],
    ['a key with an escaped quote', '{"a\\"b":1}'],
    ['nesting deeper than 31', `${'['.repeat(32)}${']'.repeat(32)}`],
  ])('should leave %s to the parser', (_, text) => {
    expect(parses(text)).toBe(true);
    expect(check(text)).toBe(false);
  });

  it('should read only the given range', () => {
    const text = 'data: {"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n"]}\n\n';
    expect(isPlainJson(text, 6, text.length - 2)).toBe(true);
    expect(isPlainJson(text, 6, text.length - 3)).toBe(false);
    expect(check('{"nested":{"error":{"message":"not top-level"}}}')).toBe(
      true,
    );
  });
});
