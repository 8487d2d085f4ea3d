import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../errors/upstream-error';
import {
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  encodeSseEvent,
  SSE_DONE,
  SSE_HEADERS,
  SSE_PING,
} from './encode-sse';

describe('encodeSseEvent', () => {
  it('should frame event, id, retry and data', () => {
    expect(
      encodeSseEvent({
        data: '{"a":1}',
        event: 'agent',
        id: '7',
        retry: 1500.7,
      }),
    ).toBe('event: agent\nid: 7\nretry: 1500\ndata: {"a":1}\n\n');
  });

  it('should split multi-line data into several data lines', () => {
    expect(encodeSseEvent({ data: 'one\ntwo\r\nthree\rfour' })).toBe(
      'data: one\ndata: two\ndata: three\ndata: four\n\n',
    );
  });

  it('should reject CR or LF in event and id', () => {
    expect(() => encodeSseEvent({ data: 'x', event: 'a\nb' })).toThrow(
      'SSE event must not contain CR or LF',
    );
    expect(() => encodeSseEvent({ data: 'x', id: 'a\rb' })).toThrow(
      'SSE id must not contain CR or LF',
    );
  });
});

describe('encodeSseData', () => {
  it('should encode a JSON value as one data event', () => {
    expect(encodeSseData({ text: 'a\nb' })).toBe('data: {"text":"a\\nb"}\n\n');
  });
});

describe('encodeSseComment', () => {
  it('should encode keep-alive comments, one line each', () => {
    expect(encodeSseComment()).toBe(': ping\n\n');
    expect(encodeSseComment()).toBe(SSE_PING);
    expect(encodeSseComment('a\nb')).toBe(': a\n: b\n\n');
  });
});

describe('encodeSseError', () => {
  it('should encode the OpenAI error body as a data event', () => {
    const frame = encodeSseError(
      new UpstreamError({ message: 'boom', statusCode: 500 }),
    );
    expect(frame).toBe(
      'data: {"error":{"message":"boom","type":"api_error","param":null,"code":"upstream_error"}}\n\n',
    );
  });
});

describe('SSE_DONE', () => {
  it('should be the [DONE] event', () => {
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
  });
});

describe('SSE_HEADERS', () => {
  it('should disable buffering and caching', () => {
    expect(SSE_HEADERS).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  });

  it('should refuse an id with NUL and a retry that parsers would drop', () => {
    expect(() => encodeSseEvent({ data: 'x', id: 'a\0b' })).toThrow(TypeError);
    for (const retry of [Number.NaN, -5, Number.POSITIVE_INFINITY, 1e21])
      expect(() => encodeSseEvent({ data: 'x', retry })).toThrow(TypeError);
    expect(encodeSseEvent({ data: 'x', retry: 0 })).toBe(
      'retry: 0\ndata: x\n\n',
    );
  });
});
