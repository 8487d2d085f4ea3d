import { describe, expect, it } from 'vitest';
import { lenientChatCompletionSchema } from '../schemas/chat-completion';
import { collect, streamOf, utf8 } from './__fixtures__/index';
import { createChunkEnvelopeRepair } from './create-chunk-envelope-repair';
import { parseChatCompletionStream } from './parse-chat-completion-stream';

const sse = (events: unknown[]) =>
  streamOf([
    utf8(
      `${events.map(event => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`,
    ),
  ]);

/** Chunks as OpenVINO Model Server (no `id`) and TensorRT-Edge-LLM (no `object`) send them. */
const sparse = [
  {
    object: 'chat.completion.chunk',
    created: 7,
    model: 'm',
    choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }],
  },
  { id: 'x', choices: [{ index: 0, delta: { content: 'lo' } }] },
  { choices: [{ finish_reason: 'stop' }] },
  { usage: { prompt_tokens: 3, completion_tokens: 2 } },
];

describe('createChunkEnvelopeRepair', () => {
  it('should fill missing envelope fields from earlier chunks, else empty and now', () => {
    const repair = createChunkEnvelopeRepair();
    const before = Math.floor(Date.now() / 1000);
    const chunks = structuredClone(sparse);
    expect(chunks.map(repair)).toEqual([true, true, true, true]);
    expect(chunks[0]).toMatchObject({ id: '', created: 7, model: 'm' });
    expect(chunks[1]).toMatchObject({
      id: 'x',
      object: 'chat.completion.chunk',
      created: 7,
      model: 'm',
    });
    expect(chunks[2]).toEqual({
      id: 'x',
      object: 'chat.completion.chunk',
      created: 7,
      model: 'm',
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    });
    expect(chunks[3]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    const fresh = { choices: [] } as Record<string, unknown>;
    createChunkEnvelopeRepair()(fresh);
    expect(fresh.created).toBeGreaterThanOrEqual(before);
  });

  it('should leave complete chunks and fields of the wrong type alone', () => {
    const repair = createChunkEnvelopeRepair();
    const complete = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'hi' } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    expect(repair(structuredClone(complete))).toBe(false);
    const wrong = { ...complete, created: '1', object: 'chat.completion' };
    expect(repair(wrong)).toBe(false);
    expect(wrong).toMatchObject({ created: '1', object: 'chat.completion' });
    expect(repair('text')).toBe(false);
    expect(repair(null)).toBe(false);
  });
});

describe('parseChatCompletionStream({ lenient })', () => {
  it('should refuse a sparse stream by default and accept it when lenient', async () => {
    const strict = await collect(parseChatCompletionStream(sse(sparse)));
    expect(strict.filter(part => part.type === 'error')).toHaveLength(4);
    const lenient = await collect(
      parseChatCompletionStream(sse(sparse), { lenient: true, raw: true }),
    );
    expect(lenient.map(part => part.type)).toEqual([
      'data',
      'data',
      'data',
      'data',
      'done',
    ]);
    const text = lenient.flatMap(part =>
      part.type === 'data' ? [part.value.choices[0]?.delta.content ?? ''] : [],
    );
    expect(text.join('')).toBe('Hello');
    // Repaired values no longer match the received text.
    expect((lenient[0] as { raw?: string }).raw).toBeUndefined();
  });

  it('should still fill missing tool-call indexes when lenient', async () => {
    const events = [
      {
        choices: [
          {
            delta: {
              tool_calls: [
                {
                  id: 'a',
                  type: 'function',
                  function: { name: 'f', arguments: '' },
                },
              ],
            },
          },
        ],
      },
    ];
    const [part] = await collect(
      parseChatCompletionStream(sse(events), { lenient: true }),
    );
    expect(part).toMatchObject({
      type: 'data',
      value: { choices: [{ index: 0, delta: { tool_calls: [{ index: 0 }] } }] },
    });
  });
});

describe('lenientChatCompletionSchema', () => {
  it('should accept a completion without envelope, total_tokens or content next to tool calls, without changing the input', () => {
    const input = {
      choices: [
        {
          message: {
            tool_calls: [
              {
                id: 'a',
                type: 'function',
                function: { name: 'f', arguments: '{}' },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 6 },
    };
    const snapshot = structuredClone(input);
    const parsed = lenientChatCompletionSchema.parse(input);
    expect(parsed).toMatchObject({
      id: '',
      object: 'chat.completion',
      model: '',
      choices: [
        {
          index: 0,
          finish_reason: null,
          message: { role: 'assistant', content: null },
        },
      ],
      usage: { total_tokens: 10 },
    });
    expect(typeof parsed.created).toBe('number');
    expect(input).toEqual(snapshot);
  });

  it('should still refuse what carries the answer when it is wrong', () => {
    const result = lenientChatCompletionSchema.safeParse({
      choices: [{ message: { role: 'assistant', content: 42 } }],
    });
    expect(result.success).toBe(false);
    expect(lenientChatCompletionSchema.safeParse('nope').success).toBe(false);
  });
});
