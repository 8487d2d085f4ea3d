import { describe, expect, it } from 'vitest';
import { toErrorBody, toErrorStatus } from '../errors/to-error-body';
import {
  answerUnservedMethod,
  methodNotAllowedError,
  toHeadResponse,
} from './answer-methods';

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

describe('answerUnservedMethod', () => {
  it('should answer OPTIONS 204 and anything else 405, both with allow', async () => {
    const options = answerUnservedMethod({
      method: 'OPTIONS',
      path: '/health',
      allow: ['GET', 'HEAD'],
      headers: { 'x-request-id': 'r1' },
    });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD');
    expect(options.headers.get('x-request-id')).toBe('r1');
    expect(options.body).toBeNull();
    const put = answerUnservedMethod({
      method: 'PUT',
      path: '/health',
      allow: ['GET', 'HEAD'],
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    expect((await put.json()).error.message).toBe(
      'PUT is not allowed on /health; use GET, HEAD',
    );
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
