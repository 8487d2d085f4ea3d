// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { endWithErrorEvent } from './end-with-error-event';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body that yields `chunks`, then fails with `failure` if given. */
function body(chunks: string[], failure?: Error): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (failure) controller.error(failure);
      else controller.close();
    },
  });
}

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

describe('endWithErrorEvent', () => {
  it('should send each complete event as soon as it arrives and hold back only an incomplete tail', async () => {
    const stream = endWithErrorEvent({
      body: body(['data: 1\n\ndata: ', '2\n', '\n', 'data: 3\r\n\r\n']),
      signal: new AbortController().signal,
    });
    expect(await chunksOf(stream)).toEqual([
      'data: 1\n\n',
      'data: 2\n\n',
      'data: 3\r\n\r\n',
    ]);
  });

  it('should drop a half-sent event and end with an error event when the body fails', async () => {
    const stream = endWithErrorEvent({
      body: body(['data: 1\n\ndata: {"ha'], new TypeError('terminated')),
      signal: new AbortController().signal,
    });
    const chunks = await chunksOf(stream);
    expect(chunks[0]).toBe('data: 1\n\n');
    expect(chunks.slice(1).join('')).toMatch(
      /^data: \{"error":\{"message":"The connection to the gateway was lost mid-answer: terminated".*"code":"upstream_unavailable"\}\}\n\n$/,
    );
  });

  it('should pass a browser abort on as an error, not as an error event', async () => {
    const abort = new AbortController();
    abort.abort();
    const stream = endWithErrorEvent({
      body: body([], new DOMException('aborted', 'AbortError')),
      signal: abort.signal,
    });
    await expect(chunksOf(stream)).rejects.toThrow('aborted');
  });
});
