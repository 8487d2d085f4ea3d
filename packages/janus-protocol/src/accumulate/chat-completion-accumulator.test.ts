import { describe, expect, it } from 'vitest';
import type { Artifact } from '../schemas/artifact';
import type {
  ChatCompletionChunk,
  ChatCompletionDelta,
} from '../schemas/chat-completion-chunk';
import {
  accumulateChatCompletion,
  ChatCompletionAccumulator,
} from './chat-completion-accumulator';

const chunk = (
  delta: ChatCompletionDelta,
  options: { index?: number; finish?: 'stop' | 'tool_calls' } = {},
): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 100,
  model: 'm',
  choices: [
    {
      index: options.index ?? 0,
      delta,
      finish_reason: options.finish ?? null,
    },
  ],
});

const artifact = (id: string, name = `${id}.txt`): Artifact => ({
  id,
  type: 'file',
  mime_type: 'text/plain',
  display_name: name,
  size_bytes: 1,
  sha256: 'b'.repeat(64),
  created_at: '2026-11-26T12:00:00Z',
  ttl_seconds: 60,
  url: `/v1/artifacts/${id}`,
});

describe('ChatCompletionAccumulator', () => {
  it('should concatenate content and reasoning (both spellings)', () => {
    const completion = new ChatCompletionAccumulator()
      .push(chunk({ role: 'assistant', content: '' }))
      .push(chunk({ reasoning_content: 'think ' }))
      .push(chunk({ reasoning: 'more' }))
      .push(chunk({ content: 'Hel' }))
      .push(chunk({ content: 'lo', refusal: null }))
      .push(chunk({}, { finish: 'stop' }))
      .toChatCompletion();
    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 100,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello',
            reasoning_content: 'think more',
          },
          finish_reason: 'stop',
        },
      ],
    });
  });

  it('should merge tool-call fragments by index, in index order', () => {
    const completion = new ChatCompletionAccumulator()
      .push(
        chunk({
          tool_calls: [
            {
              index: 1,
              id: 'call_b',
              type: 'function',
              function: { name: 'b', arguments: '' },
            },
            { index: 0, id: 'call_a', function: { name: 'a', arguments: '{' } },
          ],
        }),
      )
      .push(chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }))
      .push(
        chunk({ tool_calls: [{ index: 1, function: { arguments: '[]' } }] }),
      )
      .push(chunk({}, { finish: 'tool_calls' }))
      .toChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'a', arguments: '{}' },
      },
      {
        id: 'call_b',
        type: 'function',
        function: { name: 'b', arguments: '[]' },
      },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('should not double a tool-call name that every fragment repeats', () => {
    // Some OpenAI-compatible servers send the whole name on every fragment.
    const completion = new ChatCompletionAccumulator()
      .push(
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_a',
              function: { name: 'get_weather', arguments: '{"city":' },
            },
          ],
        }),
      )
      .push(
        chunk({
          tool_calls: [
            {
              index: 0,
              function: { name: 'get_weather', arguments: '"Oslo"' },
            },
          ],
        }),
      )
      .push(
        chunk({
          tool_calls: [
            { index: 0, function: { name: 'get_weather', arguments: '}' } },
          ],
        }),
      )
      .push(chunk({ function_call: { name: 'now', arguments: '{' } }))
      .push(chunk({ function_call: { name: 'now', arguments: '}' } }))
      .toChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.tool_calls?.[0]?.function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(message?.function_call).toEqual({ name: 'now', arguments: '{}' });
    // A name sent in pieces is still joined.
    const pieces = new ChatCompletionAccumulator()
      .push(
        chunk({
          tool_calls: [{ index: 0, id: 'c', function: { name: 'get_' } }],
        }),
      )
      .push(
        chunk({ tool_calls: [{ index: 0, function: { name: 'weather' } }] }),
      )
      .toChatCompletion();
    expect(pieces.choices[0]?.message.tool_calls?.[0]?.function.name).toBe(
      'get_weather',
    );
  });

  it('should keep Janus events in order and collect artifacts once per id', () => {
    const completion = new ChatCompletionAccumulator()
      .push(
        chunk({
          janus: { event: 'sandbox_start', payload: { sandbox_id: 's' } },
        }),
      )
      .push(
        chunk({
          janus: {
            event: 'artifacts',
            payload: { items: [artifact('artf_a'), artifact('artf_b')] },
          },
        }),
      )
      .push(
        chunk({
          janus: {
            event: 'artifacts',
            payload: { items: [artifact('artf_a', 'renamed.txt')] },
          },
        }),
      )
      .toChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.janus_events?.map(event => event.event)).toEqual([
      'sandbox_start',
      'artifacts',
      'artifacts',
    ]);
    expect(message?.artifacts).toEqual([
      artifact('artf_a'),
      artifact('artf_b'),
    ]);
  });

  it('should take usage and system_fingerprint from the chunks', () => {
    const usage = {
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
      cost_usd: 0.01,
      sandbox_seconds: 4,
    };
    const completion = new ChatCompletionAccumulator()
      .push({ ...chunk({ content: 'x' }), system_fingerprint: 'fp_1' })
      .push({ ...chunk({}), choices: [], usage })
      .toChatCompletion();
    expect(completion.usage).toEqual(usage);
    expect(completion.system_fingerprint).toBe('fp_1');
  });

  it("should keep OpenAI's logprobs, legacy function_call and service_tier", () => {
    const token = (text: string) => ({
      token: text,
      bytes: null,
      logprob: -1,
      top_logprobs: [],
    });
    const withLogprobs = (
      delta: ChatCompletionDelta,
      logprobs: unknown,
    ): ChatCompletionChunk => {
      const base = chunk(delta);
      return {
        ...base,
        service_tier: 'flex',
        choices: base.choices.map(choice => ({ ...choice, logprobs })),
      };
    };
    const completion = new ChatCompletionAccumulator()
      .push(
        withLogprobs(
          { role: 'assistant', content: 'Hel' },
          { content: [token('Hel')], refusal: null },
        ),
      )
      .push(withLogprobs({ content: 'lo' }, { content: [token('lo')] }))
      .push(withLogprobs({ content: '' }, null))
      .push(chunk({ function_call: { name: 'now', arguments: '{"tz":' } }))
      .push(chunk({ function_call: { arguments: '"UTC"}' } }))
      .toChatCompletion();
    expect(completion.service_tier).toBe('flex');
    expect(completion.choices[0]?.logprobs).toEqual({
      content: [token('Hel'), token('lo')],
      refusal: null,
    });
    expect(completion.choices[0]?.message.function_call).toEqual({
      name: 'now',
      arguments: '{"tz":"UTC"}',
    });
    // Absent from the chunks, absent from the completion.
    const plain = new ChatCompletionAccumulator()
      .push(chunk({ content: 'x' }))
      .toChatCompletion();
    expect(Object.keys(plain)).not.toContain('service_tier');
    expect(Object.keys(plain.choices[0] ?? {})).not.toContain('logprobs');
    expect(Object.keys(plain.choices[0]?.message ?? {})).not.toContain(
      'function_call',
    );
  });

  it('should keep multiple choices apart, sorted by index', () => {
    const completion = new ChatCompletionAccumulator()
      .push(chunk({ content: 'B' }, { index: 1 }))
      .push(chunk({ content: 'A' }, { index: 0 }))
      .push(chunk({ content: 'b' }, { index: 1, finish: 'stop' }))
      .toChatCompletion();
    expect(
      completion.choices.map(choice => [
        choice.index,
        choice.message.content,
        choice.finish_reason,
      ]),
    ).toEqual([
      [0, 'A', null],
      [1, 'Bb', 'stop'],
    ]);
  });

  it('should not change a completion it already returned', () => {
    const accumulator = new ChatCompletionAccumulator().push(
      chunk({
        tool_calls: [
          { index: 0, id: 'c', function: { name: 'f', arguments: '{' } },
        ],
        janus: { event: 'status', payload: { message: 'one' } },
      }),
    );
    const before = accumulator.toChatCompletion();
    const snapshot = structuredClone(before);
    accumulator.push(
      chunk({
        tool_calls: [{ index: 0, function: { arguments: '}' } }],
        janus: { event: 'status', payload: { message: 'two' } },
      }),
    );
    expect(before).toEqual(snapshot);
    expect(
      accumulator.toChatCompletion().choices[0]?.message.tool_calls?.[0]
        ?.function.arguments,
    ).toBe('{}');
  });
});

describe('accumulateChatCompletion', () => {
  it('should accumulate sync and async iterables', async () => {
    const chunks = [chunk({ content: 'a' }), chunk({ content: 'b' })];
    async function* generate() {
      yield* chunks;
    }
    expect(
      (await accumulateChatCompletion(chunks)).choices[0]?.message.content,
    ).toBe('ab');
    expect(
      (await accumulateChatCompletion(generate())).choices[0]?.message.content,
    ).toBe('ab');
  });
});
