import { describe, expect, it } from 'vitest';
import { JanusError } from '../errors/janus-error';
import { collect, streamOf } from './__fixtures__/index';
import { SSE_HEADERS } from './encode-sse';
import {
  createSseResponse,
  type SseEncoderInput,
  SseEncoderStream,
} from './sse-encoder-stream';

const encode = async (
  parts: SseEncoderInput[],
  options?: { appendDone?: boolean },
) =>
  (
    await collect(streamOf(parts).pipeThrough(new SseEncoderStream(options)))
  ).join('');

describe('SseEncoderStream', () => {
  it('should encode data, keep-alive and error parts and append [DONE]', async () => {
    expect(
      await encode([
        { type: 'data', value: { a: 1 } },
        { type: 'keep-alive' },
        { type: 'keep-alive', comment: 'waiting' },
        {
          type: 'error',
          error: new JanusError({ message: 'nope', code: 'timeout' }),
        },
      ]),
    ).toBe(
      'data: {"a":1}\n\n: ping\n\n: waiting\n\ndata: {"error":{"message":"nope","type":"timeout_error","param":null,"code":"timeout"}}\n\ndata: [DONE]\n\n',
    );
  });

  it('should write [DONE] exactly once and drop what follows it', async () => {
    const text = await encode([
      { type: 'data', value: 1 },
      { type: 'done' },
      { type: 'data', value: 2 },
      { type: 'done' },
    ]);
    expect(text).toBe('data: 1\n\ndata: [DONE]\n\n');
  });

  it('should not append [DONE] with appendDone: false', async () => {
    expect(
      await encode([{ type: 'data', value: 1 }], { appendDone: false }),
    ).toBe('data: 1\n\n');
  });
});

describe('createSseResponse', () => {
  it('should set the SSE headers and encode text and bytes', async () => {
    const response = createSseResponse(
      streamOf<string | Uint8Array>([
        'data: 1\n\n',
        new TextEncoder().encode('data: [DONE]\n\n'),
      ]),
      { status: 201, headers: { 'x-request-id': 'req_1' } },
    );
    expect(response.status).toBe(201);
    for (const [name, value] of Object.entries(SSE_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.text()).toBe('data: 1\n\ndata: [DONE]\n\n');
  });
});
