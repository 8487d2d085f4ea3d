import { describe, expect, it } from 'vitest';
import { collect, splitAt, streamOf, utf8 } from './__fixtures__/index';
import { JsonEventStreamTransform } from './parse-json-event-stream';

describe('JsonEventStreamTransform', () => {
  it('should decode bytes piped through it, split anywhere', async () => {
    const bytes = utf8(': ping\n\ndata: {"a":"é"}\n\ndata: [DONE]\n\n');
    for (let offset = 1; offset < bytes.length; offset++) {
      const parts = await collect(
        streamOf(splitAt(bytes, [offset])).pipeThrough(
          new JsonEventStreamTransform({ keepAlives: true }),
        ),
      );
      expect(parts).toEqual([
        { type: 'keep-alive', comment: 'ping' },
        { type: 'data', value: { a: 'é' }, event: undefined, id: undefined },
        { type: 'done' },
      ]);
    }
  });

  it('should report a missing [DONE] on flush', async () => {
    const parts = await collect(
      streamOf(['data: {"a":1}\n\n']).pipeThrough(
        new JsonEventStreamTransform(),
      ),
    );
    expect(parts.map(part => part.type)).toEqual(['data', 'error']);
  });
});
