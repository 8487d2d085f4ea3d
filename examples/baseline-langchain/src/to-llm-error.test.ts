import { JanusError, toErrorBody, UpstreamError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { toLlmError } from './to-llm-error';

describe('toLlmError', () => {
  it('should keep the LLM message and status in an UpstreamError', () => {
    const sdkError = Object.assign(new Error('500 scripted upstream failure'), {
      status: 500,
    });
    const error = toLlmError(sdkError);
    expect(UpstreamError.isInstance(error)).toBe(true);
    expect((error as UpstreamError).statusCode).toBe(500);
    expect(toErrorBody(error).error).toMatchObject({
      message: 'The LLM failed: 500 scripted upstream failure',
      code: 'upstream_error',
    });
  });

  it('should pass aborts and Janus errors through unchanged', () => {
    const abort = new DOMException('aborted', 'AbortError');
    const janus = new JanusError({ message: 'x', code: 'timeout' });
    expect(toLlmError(abort)).toBe(abort);
    expect(toLlmError(janus)).toBe(janus);
  });
});
