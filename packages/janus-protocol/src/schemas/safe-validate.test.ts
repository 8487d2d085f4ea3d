import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { JanusError } from '../errors/janus-error';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { safeParseJsonWith, safeValidate } from './safe-validate';

const schema = z.object({ n: z.number() });

describe('safeValidate', () => {
  it('should return the parsed value or a ProtocolValidationError', () => {
    expect(safeValidate({ value: { n: 1 }, schema })).toEqual({
      success: true,
      value: { n: 1 },
    });
    const result = safeValidate({
      value: { n: 'x' },
      schema,
      subject: 'counter',
      code: 'invalid_response',
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(ProtocolValidationError.isInstance(result.error)).toBe(true);
    expect([result.error.code, result.error.param]).toEqual([
      'invalid_response',
      'n',
    ]);
  });
});

describe('safeParseJsonWith', () => {
  it('should parse and validate JSON text without throwing', () => {
    expect(safeParseJsonWith({ text: '{"n":2}', schema })).toEqual({
      success: true,
      value: { n: 2 },
    });
    const invalid = safeParseJsonWith({
      text: '{"n":',
      schema,
      subject: 'body',
    });
    expect(invalid.success).toBe(false);
    if (invalid.success) return;
    expect(JanusError.isInstance(invalid.error)).toBe(true);
    expect([invalid.error.code, invalid.error.message]).toEqual([
      'invalid_json',
      'Invalid JSON in body',
    ]);
    const upstream = safeParseJsonWith({
      text: 'nope',
      schema,
      code: 'invalid_response',
    });
    expect(upstream.success ? '' : upstream.error.code).toBe(
      'invalid_response',
    );
    const wrong = safeParseJsonWith({ text: '{"n":"x"}', schema });
    expect(wrong.success ? '' : wrong.error.param).toBe('n');
  });
});
