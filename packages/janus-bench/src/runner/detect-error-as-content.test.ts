import { describe, expect, it } from 'vitest';
import { fakeMeasurement } from '../test/fake-measurement';
import {
  detectErrorAsContent,
  ERROR_AS_CONTENT_MAX_LENGTH,
  markErrorAsContent,
} from './detect-error-as-content';

const detect = (
  content: string,
  extra: Partial<Parameters<typeof detectErrorAsContent>[0]> = {},
) => detectErrorAsContent({ content, toolCalls: 0, ...extra });

describe('detectErrorAsContent', () => {
  it.each([
    ['Error: upstream 503', 'error_prefix'],
    ['  ERROR: the LLM timed out\n', 'error_prefix'],
    ['error: connect ECONNREFUSED 127.0.0.1:8000', 'error_prefix'],
    [
      "Error code: 429 - {'error': {'message': 'Rate limit reached', 'type': 'tokens'}}",
      'error_prefix',
    ],
    [
      'Traceback (most recent call last):\n  File "agent.py", line 3, in <module>\nKeyError: \'choices\'',
      'traceback',
    ],
    [
      '{"error":{"message":"upstream unavailable","type":"server_error","param":null,"code":"upstream_unavailable"}}',
      'error_json',
    ],
    ['{"error": "model overloaded"}', 'error_json'],
  ])('should flag %j as %s', (content, shape) => {
    expect(detect(content)).toBe(shape);
  });

  it.each([
    ['an ordinary answer', 'The capital of France is Paris.'],
    ['an answer that mentions an error later', 'Paris. Error: none.'],
    ['an explanation that starts with the word', 'Errors in Python are…'],
    [
      'an exception class named as the answer',
      'ZeroDivisionError: division by zero',
    ],
    ['JSON with more than an error', '{"error": null, "result": 4}'],
    ['JSON whose error has no message', '{"error": {"code": 503}}'],
    ['an error JSON inside a sentence', 'It returns {"error": "x"} then.'],
    ['an empty answer', '   '],
    [
      'a long text that starts with "Error:"',
      `Error: here is why. ${'x'.repeat(ERROR_AS_CONTENT_MAX_LENGTH)}`,
    ],
  ])('should not flag %s', (_name, content) => {
    expect(detect(content)).toBeUndefined();
  });

  it('should not flag an answer that also made a tool call', () => {
    expect(detect('Error: upstream 503', { toolCalls: 1 })).toBeUndefined();
  });

  it.each([
    ['answer', { answer: 'ZeroDivisionError' }],
    ['contains', { contains: ['division by zero', 'ZeroDivisionError'] }],
    ['contains_any', { contains_any: ['ZeroDivisionError'] }],
    ['regex', { regex: 'zero\\s*division' }],
  ])(
    'should not flag an error-shaped answer that the task %s check accepts',
    (_check, expected) => {
      const content = 'Error: ZeroDivisionError: division by zero';
      expect(detect(content, { expected })).toBeUndefined();
      expect(detect(content, { expected: { answer: 'Paris' } })).toBe(
        'error_prefix',
      );
    },
  );

  it('should not flag an error JSON that the task json_schema accepts', () => {
    const content = '{"error": {"message": "not found"}}';
    const schema = {
      type: 'object',
      properties: { error: { type: 'object' } },
      required: ['error'],
    };
    expect(detect(content, { expected: { json_schema: schema } })).toBe(
      undefined,
    );
    expect(detect(content, { expected: { min_length: 1 } })).toBe('error_json');
  });
});

describe('markErrorAsContent', () => {
  it('should turn a successful request whose answer is an error into an error_as_content failure', () => {
    const measurement = fakeMeasurement({ content: 'Error: upstream 503' });
    expect(
      markErrorAsContent({ measurement, expected: { answer: 'Paris' } }),
    ).toEqual({
      ...measurement,
      ok: false,
      error: {
        kind: 'error_as_content',
        message:
          'the answer is an error message (error_prefix), not an answer: Error: upstream 503',
        status: null,
      },
    });
  });

  it('should leave answers and failed requests as they are', () => {
    const answer = fakeMeasurement({ content: 'Paris' });
    expect(markErrorAsContent({ measurement: answer })).toBe(answer);
    const failed = fakeMeasurement({
      ok: false,
      content: 'Error: half an answer',
      error: { kind: 'unexpected_end', message: 'no [DONE]', status: null },
    });
    expect(markErrorAsContent({ measurement: failed })).toBe(failed);
  });
});
