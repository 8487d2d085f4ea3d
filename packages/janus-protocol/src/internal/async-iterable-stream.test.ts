import { describe, expect, it } from 'vitest';
import { createAsyncIterableStream } from './async-iterable-stream';

describe('createAsyncIterableStream', () => {
  it('should iterate a ReadableStream and release it at the end', async () => {
    const stream = createAsyncIterableStream(
      new ReadableStream<number>({
        start(controller) {
          controller.enqueue(1);
          controller.enqueue(2);
          controller.close();
        },
      }),
    );
    const values: number[] = [];
    for await (const value of stream) values.push(value);
    expect(values).toEqual([1, 2]);
    expect(stream.locked).toBe(false);
  });

  it('should cancel the stream when the loop is left early', async () => {
    let cancelled = false;
    const stream = createAsyncIterableStream(
      new ReadableStream<number>({
        pull: controller => controller.enqueue(1),
        cancel: () => {
          cancelled = true;
        },
      }),
    );
    for await (const value of stream) {
      expect(value).toBe(1);
      break;
    }
    expect(cancelled).toBe(true);
  });
});
