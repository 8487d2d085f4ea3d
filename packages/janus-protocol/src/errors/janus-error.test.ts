import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { JanusError } from './janus-error';
import { ProtocolValidationError } from './protocol-validation-error';
import { SseParseError } from './sse-parse-error';
import { TimeoutError } from './timeout-error';
import { UpstreamError } from './upstream-error';

const validationError = () =>
  new ProtocolValidationError({
    subject: 'request',
    value: {},
    cause: z.object({ a: z.string() }).safeParse({}).error as z.ZodError,
  });

const instances = {
  JanusError: () => new JanusError({ message: 'x' }),
  ProtocolValidationError: validationError,
  SseParseError: () => new SseParseError({ message: 'x', kind: 'read_failed' }),
  TimeoutError: () => new TimeoutError({ phase: 'idle', timeoutMs: 5 }),
  UpstreamError: () => new UpstreamError({ message: 'x', statusCode: 502 }),
};
const classes = {
  JanusError,
  ProtocolValidationError,
  SseParseError,
  TimeoutError,
  UpstreamError,
};

describe('JanusError', () => {
  it('should default to internal_error with a null param and keep cause', () => {
    const cause = new Error('root');
    const error = new JanusError({ message: 'x', cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.param, error.cause]).toEqual([
      'JanusError',
      'internal_error',
      null,
      cause,
    ]);
  });

  it('should recognise every subclass as a JanusError, and only its own class', () => {
    for (const [name, create] of Object.entries(instances)) {
      const error = create();
      expect(error.name).toBe(name);
      expect(JanusError.isInstance(error)).toBe(true);
      for (const [other, cls] of Object.entries(classes))
        if (other !== 'JanusError')
          expect(cls.isInstance(error), `${other}.isInstance(${name})`).toBe(
            other === name,
          );
    }
  });

  it('should recognise errors from another copy of the package by their Symbol.for marker', () => {
    // What a second installed copy's instance looks like from here: not
    // `instanceof`, but branded with the same global symbols.
    const foreign = {
      name: 'UpstreamError',
      message: 'x',
      [Symbol.for('janus.error')]: true,
      [Symbol.for('janus.error.UpstreamError')]: true,
    };
    expect(foreign instanceof JanusError).toBe(false);
    expect(JanusError.isInstance(foreign)).toBe(true);
    expect(UpstreamError.isInstance(foreign)).toBe(true);
    expect(TimeoutError.isInstance(foreign)).toBe(false);
    const error = new UpstreamError({ message: 'x' });
    expect(
      (error as unknown as Record<symbol, unknown>)[Symbol.for('janus.error')],
    ).toBe(true);
  });

  it('should reject non-errors', () => {
    for (const value of [null, undefined, 'error', 42, new Error('plain'), {}])
      expect(JanusError.isInstance(value)).toBe(false);
  });
});

describe('ProtocolValidationError', () => {
  it('should name the path of the first issue as param', () => {
    const error = validationError();
    expect(error.param).toBe('a');
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^Invalid request at 'a': /);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });
});

describe('SseParseError', () => {
  it('should map kinds to codes and truncate the line', () => {
    const error = new SseParseError({
      message: 'bad',
      kind: 'invalid_json',
      line: 'x'.repeat(500),
    });
    expect([error.code, error.line?.length]).toEqual(['invalid_response', 200]);
    expect(
      new SseParseError({ message: 'm', kind: 'unexpected_end' }).code,
    ).toBe('stream_error');
  });
});

describe('UpstreamError', () => {
  it('should derive code and retryability from the status', () => {
    const cases = [
      [undefined, 'upstream_unavailable', true],
      [429, 'rate_limited', true],
      [503, 'upstream_unavailable', true],
      [504, 'timeout', true],
      [500, 'upstream_error', false],
      [400, 'upstream_error', false],
    ] as const;
    for (const [statusCode, code, isRetryable] of cases) {
      const error = new UpstreamError({ message: 'x', statusCode });
      expect([error.code, error.isRetryable]).toEqual([code, isRetryable]);
    }
    expect(
      new UpstreamError({ message: 'x', responseBody: 'y'.repeat(5000) })
        .responseBody,
    ).toHaveLength(2048);
  });
});

describe('TimeoutError', () => {
  it('should describe the phase and limit', () => {
    const error = new TimeoutError({ phase: 'first_byte', timeoutMs: 1500 });
    expect(error.message).toBe('Timed out after 1500 ms (first byte timeout)');
    expect([error.code, error.phase, error.timeoutMs]).toEqual([
      'timeout',
      'first_byte',
      1500,
    ]);
  });
});
