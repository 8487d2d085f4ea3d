import { describe, expect, it } from 'vitest';
import { chatCompletionChunkSchema } from '../schemas/chat-completion-chunk';
import { splitAt, utf8 } from './__fixtures__/index';
import { JsonEventDecoder } from './json-event-decoder';
import type { SseStreamPart } from './sse-stream-part';

function decodeAll<T>(
  decoder: JsonEventDecoder<T>,
  chunks: (Uint8Array | string)[],
): SseStreamPart<T>[] {
  const parts: SseStreamPart<T>[] = [];
  const emit = (part: SseStreamPart<T>) => parts.push(part);
  for (const chunk of chunks) decoder.push(chunk, emit);
  decoder.end(emit);
  return parts;
}

describe('JsonEventDecoder', () => {
  it('should decode pushed bytes synchronously, split anywhere', () => {
    const bytes = utf8('data: {"a":"é"}\n\ndata: [DONE]\n\n');
    for (let offset = 1; offset < bytes.length; offset++) {
      const decoder = new JsonEventDecoder();
      const parts: SseStreamPart<unknown>[] = [];
      const [first, second] = splitAt(bytes, [offset]);
      decoder.push(first!, part => parts.push(part));
      // Nothing is held back once an event is complete.
      if (offset >= 'data: {"a":"é"}\n\n'.length + 1)
        expect(parts).toHaveLength(1);
      decoder.push(second!, part => parts.push(part));
      expect(parts).toEqual([
        { type: 'data', value: { a: 'é' }, event: undefined, id: undefined },
        { type: 'done' },
      ]);
      expect(decoder.isFinished).toBe(true);
    }
  });

  it('should give data parts the received text with the raw option', () => {
    const parts = decodeAll(new JsonEventDecoder({ raw: true }), [
      'data: { "a" : 1 }\n\n',
      'data: {"b":\ndata: 2}\n\n',
      'data: [DONE]\n\n',
    ]);
    expect(parts).toEqual([
      {
        type: 'data',
        value: { a: 1 },
        event: undefined,
        id: undefined,
        raw: '{ "a" : 1 }',
      },
      // Multi-line data keeps its line break: a proxy must not forward it
      // as one `data:` line.
      {
        type: 'data',
        value: { b: 2 },
        event: undefined,
        id: undefined,
        raw: '{"b":\n2}',
      },
      { type: 'done' },
    ]);
  });

  it('should omit raw when a schema transformed the value', () => {
    // A chunk the fast path does not accept (here: it carries usage) goes
    // through zod, whose result is a new value.
    const decoder = new JsonEventDecoder({
      raw: true,
      schema: chatCompletionChunkSchema,
    });
    const text =
      '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}';
    const [part] = decodeAll(decoder, [`data: ${text}\n\n`]);
    expect(part?.type).toBe('data');
    expect(part && 'raw' in part).toBe(false);
  });

  it('should not give raw text without the option', () => {
    const [part] = decodeAll(new JsonEventDecoder(), ['data: {"a":1}\n\n']);
    expect(part).toEqual({
      type: 'data',
      value: { a: 1 },
      event: undefined,
      id: undefined,
    });
  });

  it('should report an in-stream error and a missing [DONE] as error parts', () => {
    const parts = decodeAll(new JsonEventDecoder(), [
      'data: {"error":{"message":"boom","type":"server_error"}}\n\n',
    ]);
    expect(parts.map(part => part.type)).toEqual(['error', 'error']);
    expect(parts[0]?.type === 'error' && parts[0].error.message).toContain(
      'boom',
    );
  });
});
