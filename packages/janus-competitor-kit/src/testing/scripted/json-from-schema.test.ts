import { describe, expect, it } from 'vitest';
import { jsonFromSchema } from './json-from-schema';

const build = (schema: unknown) => jsonFromSchema({ schema, text: 'text' });

describe('jsonFromSchema', () => {
  it('should fill every type', () => {
    expect(
      build({
        type: 'object',
        properties: {
          s: { type: 'string' },
          n: { type: 'number' },
          i: { type: 'integer' },
          b: { type: 'boolean' },
          z: { type: 'null' },
          a: { type: 'array', items: { type: 'integer' } },
          o: { type: 'object', properties: { inner: { type: 'string' } } },
        },
      }),
    ).toEqual({
      s: 'text',
      n: 1,
      i: 1,
      b: true,
      z: null,
      a: [1],
      o: { inner: 'text' },
    });
  });

  it('should honour const, enum, nullable and union types, and anyOf/oneOf', () => {
    expect(build({ const: 'fixed' })).toBe('fixed');
    expect(build({ type: 'string', enum: ['b', 'a'] })).toBe('b');
    expect(build({ type: ['null', 'integer'] })).toBe(1);
    expect(build({ type: 'null' })).toBeNull();
    expect(build({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toBe(1);
    expect(build({ oneOf: [{ type: 'boolean' }] })).toBe(true);
  });

  it('should move numbers into their bounds and size arrays and strings', () => {
    expect(build({ type: 'integer', minimum: 5 })).toBe(5);
    expect(build({ type: 'integer', exclusiveMinimum: 5 })).toBe(6);
    expect(build({ type: 'number', maximum: 0.25 })).toBe(0.25);
    expect(build({ type: 'integer', exclusiveMaximum: 0 })).toBe(-1);
    expect(
      build({ type: 'array', items: { type: 'boolean' }, minItems: 3 }),
    ).toEqual([true, true, true]);
    expect(build({ type: 'array', items: {}, maxItems: 0 })).toEqual([]);
    expect(build({ type: 'string', minLength: 6 })).toBe('text..');
    expect(build({ type: 'string', maxLength: 2 })).toBe('te');
    expect(build({ type: 'string', format: 'date-time' })).toBe(
      '1970-01-01T00:00:00Z',
    );
    expect(build({ type: 'string', format: 'email' })).toBe(
      'scripted@example.com',
    );
    expect(build({ type: 'string', format: 'constructor' })).toBe('text');
  });

  it('should follow local $refs, merge allOf and infer untyped schemas', () => {
    expect(
      build({
        type: 'object',
        properties: { point: { $ref: '#/$defs/point' } },
        $defs: {
          point: {
            allOf: [
              { properties: { x: { type: 'integer' } } },
              { properties: { y: { type: 'integer' } } },
            ],
          },
        },
      }),
    ).toEqual({ point: { x: 1, y: 1 } });
    expect(build({ items: { type: 'integer' } })).toEqual([1]);
    expect(build({})).toBe('text');
    expect(build(undefined)).toBe('text');
  });

  it('should stop at a depth limit on recursive schemas, keeping what is required', () => {
    const tree = build({
      $ref: '#/definitions/node',
      definitions: {
        node: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/definitions/node' } },
          },
          required: ['name', 'children'],
        },
      },
    });
    // One child per level while shallow, then the required empty list.
    expect(tree).toEqual({
      name: 'text',
      children: [{ name: 'text', children: [{ name: 'text', children: [] }] }],
    });
  });
});
