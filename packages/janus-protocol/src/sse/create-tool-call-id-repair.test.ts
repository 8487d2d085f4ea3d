import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatCompletionAccumulator } from '../accumulate/chat-completion-accumulator';
import { lenientChatCompletionSchema } from '../schemas/chat-completion';
import type { ChatCompletionChunk } from '../schemas/chat-completion-chunk';
import { collect, streamOf, utf8 } from './__fixtures__/index';
import { createToolCallIdRepair } from './create-tool-call-id-repair';
import { createToolCallIndexRepair } from './create-tool-call-index-repair';
import { parseChatCompletionStream } from './parse-chat-completion-stream';

const GIVEN_ID = /^call_[0-9a-f]{24}$/;

/** A chunk of one choice with these tool-call fragments. */
const chunk = (calls: Record<string, unknown>[], choice = 0) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [
    { index: choice, delta: { tool_calls: calls }, finish_reason: null },
  ],
});
/** The tool-call fragments of chunks, in order. */
const fragments = (chunks: ReturnType<typeof chunk>[]) =>
  chunks.flatMap(value => value.choices[0]!.delta.tool_calls) as Array<{
    index?: number;
    id?: string;
  }>;

describe('createToolCallIdRepair', () => {
  it('should give the first fragment of each new index an id and leave the rest', () => {
    const repair = createToolCallIdRepair();
    const chunks = [
      chunk([{ index: 0, type: 'function', function: { name: 'a' } }]),
      chunk([{ index: 1, type: 'function', function: { name: 'b' } }]),
      chunk([{ index: 0, function: { arguments: '{}' } }]),
      chunk([{ index: 1, function: { arguments: '{}' } }]),
    ];
    expect(chunks.map(repair)).toEqual([true, true, false, false]);
    const ids = fragments(chunks).map(fragment => fragment.id);
    expect(ids[0]).toMatch(GIVEN_ID);
    expect(ids[1]).toMatch(GIVEN_ID);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.slice(2)).toEqual([undefined, undefined]);
  });

  it('should give a call it gives an id `type: "function"` when it has none, and only then', () => {
    const repair = createToolCallIdRepair();
    const chunks = [
      chunk([{ index: 0, function: { name: 'a' } }]),
      chunk([{ index: 0, function: { arguments: '{}' } }]),
      chunk([{ index: 1, id: 'call_server', function: { name: 'b' } }]),
    ];
    chunks.forEach(repair);
    const [first, later, server] = fragments(chunks) as Array<{
      type?: string;
    }>;
    expect(first?.type).toBe('function');
    expect(later?.type).toBeUndefined();
    // Not repaired: it came with its id.
    expect(server?.type).toBeUndefined();
  });

  it('should give a later server id the id its call was given, and never change a call that came with one', () => {
    const repair = createToolCallIdRepair();
    const chunks = [
      chunk([{ index: 0, function: { name: 'a', arguments: '' } }]),
      chunk([{ index: 0, id: 'call_server', function: { arguments: '{' } }]),
      chunk([{ index: 1, id: 'call_b', function: { name: 'b' } }]),
      chunk([{ index: 1, id: 'call_other', function: { arguments: '{}' } }]),
      chunk([{ index: 0, id: '', function: { arguments: '}' } }]),
    ];
    expect(chunks.map(repair)).toEqual([true, true, false, false, false]);
    const ids = fragments(chunks).map(fragment => fragment.id);
    expect(ids[1]).toBe(ids[0]);
    expect(ids.slice(2)).toEqual(['call_b', 'call_other', '']);
  });

  it('should start a call at each named fragment without index, for the index repair to number', () => {
    const ids = createToolCallIdRepair();
    const indexes = createToolCallIndexRepair();
    const chunks = [
      chunk([{ function: { name: 'a', arguments: '{"x":' } }]),
      chunk([{ function: { arguments: '1}' } }]),
      chunk([{ function: { name: 'b', arguments: '{}' } }]),
      chunk([{ id: 'call_c', function: { name: 'c', arguments: '{}' } }]),
    ];
    expect(chunks.map(value => ids(value))).toEqual([true, false, true, false]);
    for (const value of chunks) indexes(value);
    const repaired = fragments(chunks);
    expect(repaired.map(fragment => fragment.index)).toEqual([0, 0, 1, 2]);
    expect(repaired[0]?.id).toMatch(GIVEN_ID);
    expect(repaired[1]?.id).toBeUndefined();
    expect(repaired[2]?.id).toMatch(GIVEN_ID);
    expect(repaired[3]?.id).toBe('call_c');
  });

  it('should keep the calls of each choice apart', () => {
    const repair = createToolCallIdRepair();
    const first = chunk([{ index: 0, function: { name: 'a' } }], 0);
    const second = chunk([{ index: 0, function: { name: 'a' } }], 1);
    expect([repair(first), repair(second)]).toEqual([true, true]);
    expect(fragments([first])[0]?.id).not.toBe(fragments([second])[0]?.id);
  });

  it('should give each call of a completion without id one', () => {
    const completion = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            tool_calls: [
              { type: 'function', function: { name: 'a', arguments: '{}' } },
              { id: 'call_b', type: 'function', function: { name: 'b' } },
              { id: null, type: 'function', function: { name: 'c' } },
            ],
          },
        },
      ],
    };
    expect(createToolCallIdRepair()(completion)).toBe(true);
    const ids = completion.choices[0]!.message.tool_calls.map(call => call.id);
    expect(ids).toEqual([
      expect.stringMatching(GIVEN_ID),
      'call_b',
      expect.stringMatching(GIVEN_ID),
    ]);
    expect(ids[0]).not.toBe(ids[2]);
    expect(createToolCallIdRepair()(completion)).toBe(false);
  });

  it('should leave chunks without tool calls, and non-chunks, alone', () => {
    const repair = createToolCallIdRepair();
    for (const value of [
      null,
      'text',
      42,
      { choices: 'x' },
      { choices: [null, 'x', { delta: null }, { message: 5 }] },
      { choices: [{ index: 0, delta: { content: 'hi' } }] },
      { choices: [{ index: 0, delta: { tool_calls: [null, 'x', 1] } }] },
      // Neither index nor name: nothing says it starts a call.
      { choices: [{ index: 0, delta: { tool_calls: [{ function: {} }] } }] },
    ])
      expect(repair(value)).toBe(false);
  });

  it('should make an id-less stream whole for the accumulator (property)', () => {
    /** One call as the LLM sends it: whether (and where) it carries an id. */
    const call = fc.record({
      name: fc.constantFrom('get_weather', 'get_time', 'write_file'),
      args: fc.array(fc.string({ maxLength: 6 }), {
        minLength: 1,
        maxLength: 3,
      }),
      id: fc.constantFrom('first', 'none', 'late'),
    });
    const stream = fc.record({
      calls: fc.array(call, { minLength: 1, maxLength: 4 }),
      indexed: fc.boolean(),
      // Which call's next fragment goes next (indexed streams interleave).
      schedule: fc.array(fc.nat({ max: 3 }), { maxLength: 24 }),
    });
    fc.assert(
      fc.property(stream, ({ calls, indexed, schedule }) => {
        const upstream = (at: number) => `up_${at}`;
        const perCall = calls.map((value, at) => {
          if (!indexed)
            return [
              {
                ...(value.id === 'first' && { id: upstream(at) }),
                type: 'function',
                function: { name: value.name, arguments: value.args.join('') },
              },
            ];
          return [
            {
              index: at,
              ...(value.id === 'first' && { id: upstream(at) }),
              type: 'function',
              function: { name: value.name, arguments: '' },
            },
            ...value.args.map((part, position) => ({
              index: at,
              ...(value.id === 'late' &&
                position === 0 && { id: upstream(at) }),
              function: { arguments: part },
            })),
          ];
        });
        // Without index nothing joins fragments: one call after another.
        const order: Record<string, unknown>[] = [];
        const queues = perCall.map(list => [...list]);
        if (indexed)
          for (const pick of schedule) {
            const next = queues[pick % queues.length]!.shift();
            if (next) order.push(next);
          }
        for (const queue of queues) order.push(...queue);
        const chunks = order.map(fragment => chunk([fragment]));

        const ids = createToolCallIdRepair();
        const indexes = createToolCallIndexRepair();
        const accumulator = new ChatCompletionAccumulator();
        const first = new Map<number, unknown>();
        for (const value of chunks) {
          ids(value);
          indexes(value);
          for (const fragment of fragments([value]))
            if (!first.has(fragment.index!))
              first.set(fragment.index!, fragment.id);
          accumulator.push(value as ChatCompletionChunk);
        }
        // The OpenAI contract: each call's first fragment carries its id.
        for (const id of first.values()) expect(id).toEqual(expect.any(String));
        const merged =
          accumulator.toChatCompletion().choices[0]!.message.tool_calls ?? [];
        expect(
          merged.map(value => [value.function.name, value.function.arguments]),
        ).toEqual(calls.map(value => [value.name, value.args.join('')]));
        for (const [at, value] of merged.entries())
          expect(value.id).toMatch(
            calls[at]!.id === 'first' ? upstream(at) : GIVEN_ID,
          );
        expect(new Set(merged.map(value => value.id)).size).toBe(calls.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('lenient reading of tool calls without ids', () => {
  const sse = (events: unknown[]) =>
    streamOf([
      utf8(
        `${events.map(event => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`,
      ),
    ]);
  const events = () => [
    chunk([{ index: 0, type: 'function', function: { name: 'a' } }]),
    chunk([{ index: 0, function: { arguments: '{}' } }]),
  ];

  it('should give ids with parseChatCompletionStream({ lenient }), and leave them out without', async () => {
    const lenient = await collect(
      parseChatCompletionStream(sse(events()), { lenient: true }),
    );
    const strict = await collect(parseChatCompletionStream(sse(events())));
    const idOf = (part: (typeof lenient)[number] | undefined) =>
      part?.type === 'data'
        ? part.value.choices[0]?.delta.tool_calls?.[0]?.id
        : 'not data';
    expect(idOf(lenient[0])).toMatch(GIVEN_ID);
    expect(idOf(lenient[1])).toBeUndefined();
    expect(idOf(strict[0])).toBeUndefined();
  });

  it('should give ids with lenientChatCompletionSchema, without changing the input', () => {
    const input = {
      choices: [
        {
          message: {
            tool_calls: [
              { type: 'function', function: { name: 'a', arguments: '{}' } },
            ],
          },
        },
      ],
    };
    const snapshot = structuredClone(input);
    const parsed = lenientChatCompletionSchema.parse(input);
    expect(parsed.choices[0]?.message.tool_calls?.[0]?.id).toMatch(GIVEN_ID);
    expect(input).toEqual(snapshot);
  });
});
