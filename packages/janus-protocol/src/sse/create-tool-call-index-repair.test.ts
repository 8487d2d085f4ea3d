import { describe, expect, it } from 'vitest';
import { ChatCompletionAccumulator } from '../accumulate/chat-completion-accumulator';
import { collect, streamOf, utf8 } from './__fixtures__/index';
import { createToolCallIndexRepair } from './create-tool-call-index-repair';
import { parseChatCompletionStream } from './parse-chat-completion-stream';

/** A chunk with tool-call fragments as some servers send them: no `index`. */
const chunk = (
  calls: Record<string, unknown>[],
  finish: string | null = null,
) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: finish }],
});
const call = (id: string | undefined, name?: string, args = '') => ({
  ...(id === undefined ? {} : { id, type: 'function' }),
  function: { ...(name === undefined ? {} : { name }), arguments: args },
});

describe('createToolCallIndexRepair', () => {
  it('should number new ids, continue the last call without id, and keep given indexes', () => {
    const repair = createToolCallIndexRepair();
    const chunks = [
      chunk([call('a', 'get_weather', '{"ci')]),
      chunk([call(undefined, undefined, 'ty":"Paris"}')]),
      chunk([call('b', 'get_time', '{}')]),
      chunk([call('a', undefined, '')]),
      chunk([{ index: 5, ...call('c', 'x') }]),
      chunk([call(undefined, undefined, '1')]),
      chunk([call('d', 'y')]),
    ];
    expect(chunks.map(repair)).toEqual([
      true,
      true,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(
      chunks.map(value => value.choices[0]!.delta.tool_calls[0]!.index),
    ).toEqual([0, 0, 1, 0, 5, 5, 6]);
  });

  it('should leave chunks without tool calls, and non-chunks, alone', () => {
    const repair = createToolCallIndexRepair();
    expect(repair({ choices: [{ index: 0, delta: { content: 'hi' } }] })).toBe(
      false,
    );
    expect(repair(null)).toBe(false);
    expect(repair('text')).toBe(false);
    expect(
      repair({ choices: [{ index: 0, delta: { tool_calls: [null] } }] }),
    ).toBe(false);
  });

  it('should let parseChatCompletionStream accept and merge an index-less stream (Ollama, Gemini)', async () => {
    const events = [
      chunk([call('call_1', 'get_weather', '{"city":')]),
      chunk([call(undefined, undefined, '"Paris"}')]),
      chunk([call('call_2', 'get_time', '{}')], 'tool_calls'),
    ];
    const text = `${events.map(event => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`;
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(text)]), { raw: true }),
    );
    expect(parts.map(part => part.type)).toEqual([
      'data',
      'data',
      'data',
      'done',
    ]);
    const accumulator = new ChatCompletionAccumulator();
    for (const part of parts) {
      if (part.type !== 'data') continue;
      // Repaired: the received text no longer describes the value.
      expect(part.raw).toBeUndefined();
      accumulator.push(part.value);
    }
    expect(
      accumulator.toChatCompletion().choices[0]!.message.tool_calls,
    ).toEqual([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        id: 'call_2',
        type: 'function',
        function: { name: 'get_time', arguments: '{}' },
      },
    ]);
  });

  it('should keep raw for the chunks it leaves alone', async () => {
    const event = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
    };
    const text = `data: ${JSON.stringify(event)}\n\ndata: [DONE]\n\n`;
    const [first] = await collect(
      parseChatCompletionStream(streamOf([utf8(text)]), { raw: true }),
    );
    expect(first).toMatchObject({ type: 'data', raw: JSON.stringify(event) });
  });
});
