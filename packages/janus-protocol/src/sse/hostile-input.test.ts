import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { UpstreamError } from '../errors/upstream-error';
import { lenientChatCompletionSchema } from '../schemas/chat-completion';
import { chatCompletionChunkSchema } from '../schemas/chat-completion-chunk';
import { safeValidate } from '../schemas/safe-validate';
import { collect, splitAt, streamOf, utf8 } from './__fixtures__/index';
import { JsonEventDecoder } from './json-event-decoder';
import { parseChatCompletionStream } from './parse-chat-completion-stream';
import { parseJsonEventStream } from './parse-json-event-stream';

/** Inputs found by property-based testing: none may throw or grow a message without bound. */
describe('hostile SSE input', () => {
  it('should turn an error event whose code or type is an object into an UpstreamError, keeping earlier parts', async () => {
    for (const text of [
      'data: {"a":1}\n\ndata: {"error":{"type":{"toString":1}}}\n\ndata: [DONE]\n\n',
      'data: {"a":1}\n\ndata: {"error":{"code":{"toString":1}}}\n\ndata: [DONE]\n\n',
      'data: {"a":1}\n\nevent: error\ndata: {"type":{"toString":1}}\n\ndata: [DONE]\n\n',
    ]) {
      const parts = await collect(parseJsonEventStream(streamOf([utf8(text)])));
      expect(parts.map(part => part.type)).toEqual(['data', 'error', 'done']);
      const error = (parts[1] as { error: unknown }).error;
      expect(UpstreamError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'upstream_error' });
    }
  });

  it('should keep {"error":"…"} as data: Sandy agent events carry it', async () => {
    const parts = await collect(
      parseJsonEventStream(
        streamOf([
          utf8('data: {"type":"error","error":"No LLM"}\n\ndata: [DONE]\n\n'),
        ]),
      ),
    );
    expect(parts[0]).toMatchObject({
      type: 'data',
      value: { type: 'error', error: 'No LLM' },
    });
  });

  it('should bound an upstream error message and a validation message that quote huge input', async () => {
    const huge = 'k'.repeat(1_000_000);
    const text = [
      `data: ${JSON.stringify({ error: { message: huge } })}`,
      `event: error\ndata: ${huge}`,
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { janus: { event: 'status', payload: { message: 'x', [huge]: 1 } } } }] })}`,
      'data: [DONE]',
    ]
      .map(event => `${event}\n\n`)
      .join('');
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(text)]), {
        maxEventSize: 4_000_000,
      }),
    );
    expect(parts.map(part => part.type)).toEqual([
      'error',
      'error',
      'error',
      'done',
    ]);
    for (const part of parts.slice(0, 3)) {
      const { message } = (part as { error: Error }).error;
      expect(message.length).toBeLessThan(5000);
    }
    expect(
      ProtocolValidationError.isInstance(
        (parts[2] as { error: unknown }).error,
      ),
    ).toBe(true);
  });

  it('should apply maxEventSize the same whether a line arrives whole or split', () => {
    const decode = (pieces: Uint8Array[]) => {
      const decoder = new JsonEventDecoder({ maxEventSize: 10 });
      const types: string[] = [];
      for (const piece of pieces)
        decoder.push(piece, part => types.push(part.type));
      decoder.end(part => types.push(part.type));
      return types;
    };
    // A payload of exactly the limit, and a comment over it.
    for (const text of [
      'data: "12345678"\n\ndata: [DONE]\n\n',
      ': a comment longer than ten\n\ndata: [DONE]\n\n',
    ]) {
      const bytes = utf8(text);
      const whole = decode([bytes]);
      for (let at = 1; at < bytes.length; at++)
        expect(decode(splitAt(bytes, [at]))).toEqual(whole);
    }
    expect(decode([utf8('data: "12345678"\n\ndata: [DONE]\n\n')])).toEqual([
      'data',
      'done',
    ]);
    expect(
      decode([utf8(': a comment longer than ten\n\ndata: [DONE]\n\n')]),
    ).toEqual(['error']);
  });

  it('should let lenientChatCompletionSchema fail, not throw, on values that are not data', () => {
    for (const value of [{ id: 'x', f: () => 1 }, { id: Symbol('s') }]) {
      expect(
        safeValidate({ value, schema: lenientChatCompletionSchema }).success,
      ).toBe(false);
    }
    expect(z.safeParse(chatCompletionChunkSchema, { f: () => 1 }).success).toBe(
      false,
    );
  });
});
