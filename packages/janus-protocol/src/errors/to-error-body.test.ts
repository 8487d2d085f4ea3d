import { describe, expect, it } from 'vitest';
import {
  errorCodeForStatus,
  errorStatusTable,
  statusForErrorCode,
} from './error-status-table';
import { JanusError, type JanusErrorCode } from './janus-error';
import { TimeoutError } from './timeout-error';
import {
  createErrorResponse,
  toErrorBody,
  toErrorStatus,
} from './to-error-body';
import { isAbortError, toJanusError } from './to-janus-error';

describe('errorStatusTable', () => {
  it('should map every code to its HTTP status and OpenAI type', () => {
    expect(
      Object.fromEntries(
        Object.entries(errorStatusTable).map(([code, entry]) => [
          code,
          `${entry.status} ${entry.type}`,
        ]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "cancelled": "499 api_error",
        "conflict": "409 invalid_request_error",
        "forbidden": "403 permission_error",
        "internal_error": "500 api_error",
        "invalid_json": "400 invalid_request_error",
        "invalid_request": "400 invalid_request_error",
        "invalid_response": "502 api_error",
        "method_not_allowed": "405 invalid_request_error",
        "model_not_found": "404 invalid_request_error",
        "not_found": "404 not_found_error",
        "over_capacity": "429 rate_limit_error",
        "payload_too_large": "413 invalid_request_error",
        "rate_limited": "429 rate_limit_error",
        "stream_error": "502 api_error",
        "timeout": "504 timeout_error",
        "unauthorized": "401 authentication_error",
        "upstream_error": "502 api_error",
        "upstream_unavailable": "503 api_error",
      }
    `);
  });
});

describe('statusForErrorCode', () => {
  it('should read the table', () => {
    expect(statusForErrorCode('model_not_found')).toBe(404);
  });
});

describe('errorCodeForStatus', () => {
  it('should classify upstream statuses', () => {
    const statuses = [
      400, 401, 403, 404, 408, 409, 413, 418, 422, 429, 499, 500, 502, 503, 504,
    ];
    expect(statuses.map(status => errorCodeForStatus(status))).toEqual([
      'invalid_request',
      'unauthorized',
      'forbidden',
      'not_found',
      'timeout',
      'conflict',
      'payload_too_large',
      'invalid_request',
      'invalid_request',
      'rate_limited',
      'cancelled',
      'upstream_error',
      'upstream_error',
      'upstream_unavailable',
      'timeout',
    ]);
  });
});

describe('toErrorBody', () => {
  it('should produce the OpenAI error body', () => {
    expect(
      toErrorBody(
        new JanusError({
          message: 'Unknown competitor x',
          code: 'model_not_found',
          param: 'competitor_id',
        }),
      ),
    ).toEqual({
      error: {
        message: 'Unknown competitor x',
        type: 'invalid_request_error',
        param: 'competitor_id',
        code: 'model_not_found',
      },
    });
  });

  it('should not leak the message of unknown errors', () => {
    expect(toErrorBody(new Error('password=hunter2'))).toEqual({
      error: {
        message: 'Internal error',
        type: 'api_error',
        param: null,
        code: 'internal_error',
      },
    });
  });
});

describe('toErrorStatus', () => {
  it('should answer 500 for a Janus error with a code this copy does not know', () => {
    // E.g. from a newer copy of the package, recognised by its marker.
    const foreign = Object.assign(new Error('new kind'), {
      [Symbol.for('janus.error')]: true,
      code: 'quota_exceeded',
      param: null,
    });
    expect(toErrorStatus(foreign)).toBe(500);
    expect(toErrorBody(foreign)).toEqual({
      error: {
        message: 'new kind',
        type: 'api_error',
        param: null,
        code: 'quota_exceeded',
      },
    });
  });

  it('should use the status table', () => {
    const codes = Object.keys(errorStatusTable) as JanusErrorCode[];
    for (const code of codes)
      expect(toErrorStatus(new JanusError({ message: 'x', code }))).toBe(
        errorStatusTable[code].status,
      );
  });
});

describe('toJanusError', () => {
  it('should pass Janus errors through unchanged', () => {
    const error = new TimeoutError({ phase: 'total', timeoutMs: 1 });
    expect(toJanusError(error)).toBe(error);
  });

  it('should turn aborts into cancelled and timeouts into TimeoutError', () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = toJanusError(controller.signal.reason);
    expect([cancelled.code, cancelled.message]).toEqual([
      'cancelled',
      'The request was cancelled',
    ]);
    expect(toJanusError({ name: 'ResponseAborted' }).code).toBe('cancelled');
    const timeout = toJanusError(
      new DOMException('The operation timed out.', 'TimeoutError'),
    );
    expect(TimeoutError.isInstance(timeout)).toBe(true);
    expect(timeout.message).toBe('The operation timed out.');
  });

  it('should wrap anything else as internal_error with the cause kept', () => {
    for (const value of ['boom', 42, null, new TypeError('x')]) {
      const error = toJanusError(value);
      expect([error.code, error.cause]).toEqual(['internal_error', value]);
    }
  });
});

describe('isAbortError', () => {
  it('should recognise abort errors only', () => {
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new Error('AbortError'))).toBe(false);
    expect(isAbortError(undefined)).toBe(false);
  });
});

describe('createErrorResponse', () => {
  it('should answer with the status, JSON body and extra headers', async () => {
    const response = createErrorResponse(
      new JanusError({ message: 'Slow down', code: 'rate_limited' }),
      { headers: { 'retry-after': '2' } },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      error: {
        message: 'Slow down',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limited',
      },
    });
  });

  it('should give an error body for a duck-typed TimeoutError whose message is not a string', () => {
    for (const message of [{ toString: 1 }, Object.create(null), 42]) {
      const body = toErrorBody({ name: 'TimeoutError', message });
      expect(body.error).toMatchObject({
        code: 'timeout',
        message: expect.stringContaining('Timed out'),
      });
    }
  });
});
