import { describe, expect, it } from 'vitest';
import { toErrorBody, toErrorStatus } from '../errors/to-error-body';
import { methodNotAllowedError, toHeadResponse } from './answer-methods';

describe('methodNotAllowedError', () => {
  it('should be a 405 that names the method, the path and what is allowed', () => {
    const error = methodNotAllowedError({
      method: 'GET',
      path: '/v1/chat/completions',
      allow: ['POST'],
    });
    expect(toErrorStatus(error)).toBe(405);
    expect(toErrorBody(error).error).toEqual({
      message: 'GET is not allowed on /v1/chat/completions; use POST',
      type: 'invalid_request_error',
      param: null,
      code: 'method_not_allowed',
    });
  });
});

describe('toHeadResponse', () => {
  it('should keep the status and headers, drop the body and cancel it', async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const head = toHeadResponse(
      new Response(body, {
        status: 206,
        headers: { 'content-length': '5', etag: '"x"' },
      }),
    );
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('5');
    expect(head.headers.get('etag')).toBe('"x"');
    expect(head.body).toBeNull();
    await Promise.resolve();
    expect(cancelled).toBe(true);
  });
});
