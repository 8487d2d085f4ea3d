import { describe, expect, it } from 'vitest';
import { collect, streamOf, utf8 } from './__fixtures__/index';
import { createPartStream } from './create-part-stream';
import { JsonEventDecoder } from './json-event-decoder';

const partStream = (text: string) =>
  createPartStream({
    reader: streamOf([utf8(text)]).getReader(),
    decoder: new JsonEventDecoder(),
  });

describe('createPartStream', () => {
  it('should answer concurrent next() calls in order', async () => {
    const iterator = partStream('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n')[
      Symbol.asyncIterator
    ]();
    const results = await Promise.all([
      iterator.next(),
      iterator.next(),
      iterator.next(),
      iterator.next(),
    ]);
    expect(results).toEqual([
      {
        done: false,
        value: { type: 'data', value: 1, event: undefined, id: undefined },
      },
      {
        done: false,
        value: { type: 'data', value: 2, event: undefined, id: undefined },
      },
      { done: false, value: { type: 'done' } },
      { done: true, value: undefined },
    ]);
  });

  it('should lock the stream while iterating', async () => {
    const stream = partStream('data: 1\n\ndata: [DONE]\n\n');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(stream.locked).toBe(true);
    expect(() => stream.getReader()).toThrow();
    await iterator.return?.();
    expect(stream.locked).toBe(false);
  });

  it('should serve tee() branches through the stream view', async () => {
    const [left, right] = partStream('data: 1\n\ndata: [DONE]\n\n').tee();
    expect(await collect(left)).toEqual(await collect(right));
  });

  it('should close quietly when cancelled during a read', async () => {
    let release: () => void = () => {};
    const source = new ReadableStream<Uint8Array>({
      pull: () =>
        new Promise<void>(resolve => {
          release = resolve;
        }),
      cancel: () => release(),
    });
    const stream = createPartStream({
      reader: source.getReader(),
      decoder: new JsonEventDecoder(),
    });
    const reader = stream.getReader();
    const pending = reader.read();
    await reader.cancel('stop');
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});
