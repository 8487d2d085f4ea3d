/** A JSON Schema, as much of it as {@link jsonFromSchema} reads. */
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  $defs?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
};

/** Strings for the formats LangChain/zod schemas use most. */
const formatExamples: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00Z',
  email: 'scripted@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** Beyond this nesting depth only what the schema requires is built. */
const maxDepth = 8;

/**
 * A JSON value that satisfies a JSON Schema, built deterministically for the
 * scripted model's `response_format: json_schema`: `const`, else the first
 * `enum` value, else the first `anyOf`/`oneOf` branch, `allOf` branches
 * merged, local `$ref`s (`#/$defs/…`, `#/definitions/…`) followed; objects
 * get every property, arrays one item (at least `minItems`, at most
 * `maxItems`), strings `text` (a known `format` gets a fixed example;
 * `minLength` pads with `.`, `maxLength` cuts), numbers 1 moved into
 * `minimum`/`maximum`, booleans `true`, `null` null. The type is the first
 * non-null one of a `type` list, else object (with `properties`), array
 * (with `items`) or string. `pattern` and other keywords are not read.
 */
export function jsonFromSchema(options: {
  schema: unknown;
  text: string;
}): unknown {
  const root = isSchema(options.schema) ? options.schema : {};
  const build = (schema: Schema, depth: number): unknown => {
    if (depth > maxDepth * 2) return null;
    if (schema.$ref !== undefined)
      return build(resolve(root, schema.$ref), depth + 1);
    if ('const' in schema) return schema.const;
    if (schema.enum?.length) return schema.enum[0];
    const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
    if (branch) return build(branch, depth + 1);
    if (schema.allOf?.length)
      return build(
        merge([{ ...schema, allOf: [] }, ...schema.allOf]),
        depth + 1,
      );
    const type = typeOf(schema);
    switch (type) {
      case 'object': {
        const value: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(schema.properties ?? {}))
          if (depth < maxDepth || schema.required?.includes(name))
            value[name] = build(property, depth + 1);
        return value;
      }
      case 'array': {
        const wanted = depth < maxDepth ? 1 : 0;
        const count = Math.min(
          Math.max(wanted, schema.minItems ?? 0),
          schema.maxItems ?? Number.POSITIVE_INFINITY,
        );
        return Array.from({ length: count }, () =>
          build(schema.items ?? {}, depth + 1),
        );
      }
      case 'number':
      case 'integer':
        return number(schema, type === 'integer');
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return string(schema, options.text);
    }
  };
  return build(root, 0);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(schema: Schema): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find(entry => entry !== undefined && entry !== 'null');
  if (type) return type;
  if (types.includes('null')) return 'null';
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return 'string';
}

function resolve(root: Schema, ref: string): Schema {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const found = match && root[match[1] as '$defs' | 'definitions']?.[match[2]!];
  return found ?? {};
}

function merge(schemas: Schema[]): Schema {
  const merged: Schema = { properties: {}, required: [] };
  for (const schema of schemas) {
    Object.assign(merged, schema, {
      properties: Object.assign(merged.properties ?? {}, schema.properties),
      required: [...(merged.required ?? []), ...(schema.required ?? [])],
    });
  }
  return merged;
}

function number(schema: Schema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  const low = Math.max(
    schema.minimum ?? Number.NEGATIVE_INFINITY,
    (schema.exclusiveMinimum ?? Number.NEGATIVE_INFINITY) + step,
  );
  const high = Math.min(
    schema.maximum ?? Number.POSITIVE_INFINITY,
    (schema.exclusiveMaximum ?? Number.POSITIVE_INFINITY) - step,
  );
  const value = Math.min(Math.max(1, low), high);
  if (!integer) return value;
  return Math.ceil(value) <= high ? Math.ceil(value) : Math.floor(value);
}

function string(schema: Schema, text: string): string {
  const example =
    schema.format !== undefined && Object.hasOwn(formatExamples, schema.format)
      ? formatExamples[schema.format]
      : undefined;
  const value = (example ?? text).padEnd(schema.minLength ?? 0, '.');
  return schema.maxLength === undefined
    ? value
    : value.slice(0, schema.maxLength);
}
