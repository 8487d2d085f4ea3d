import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatCompletionChunkSchema } from '../schemas/chat-completion-chunk';
import { fixtures } from '../sse/__fixtures__/index';
import { isPlainChatCompletionChunk } from './is-plain-chat-completion-chunk';

/**
 * JSON values near the chunk shape, with the odd wrong type here and there
 * (no `undefined`: the decoder only feeds `JSON.parse` output to the check).
 */
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary }, fc.constant(null), fc.jsonValue());
const delta = fc.record(
  {
    role: maybe(fc.constantFrom('assistant', 'user', 'robot')),
    content: maybe(fc.string()),
    reasoning_content: maybe(fc.string()),
    reasoning: maybe(fc.string()),
    refusal: maybe(fc.string()),
    tool_calls: maybe(fc.constant([{ index: 0 }])),
    janus: maybe(fc.constant({ event: 'status', payload: { message: 'x' } })),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const chunkLike = fc.record(
  {
    id: maybe(fc.string()),
    object: fc.constantFrom(
      'chat.completion.chunk',
      'chat.completion.chunk',
      'chat.completion',
    ),
    created: maybe(fc.oneof(fc.integer(), fc.double({ noNaN: true }))),
    model: maybe(fc.string()),
    choices: maybe(
      fc.array(
        fc.record(
          {
            index: maybe(
              fc.oneof(fc.integer({ min: -2, max: 3 }), fc.double()),
            ),
            delta: maybe(delta),
            finish_reason: maybe(fc.constantFrom('stop', 'error', 'done')),
            logprobs: fc.jsonValue(),
          },
          { requiredKeys: ['index', 'delta'], noNullPrototype: true },
        ),
        { maxLength: 3 },
      ),
    ),
    usage: maybe(
      fc.constant({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }),
    ),
    system_fingerprint: maybe(fc.string()),
  },
  {
    requiredKeys: ['id', 'object', 'created', 'model', 'choices'],
    noNullPrototype: true,
  },
);

describe('isPlainChatCompletionChunk', () => {
  it('should accept only values the schema accepts, unchanged (property)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(chunkLike, value => {
        if (!isPlainChatCompletionChunk(value)) return;
        accepted++;
        const result = chatCompletionChunkSchema.safeParse(value);
        expect(result.success).toBe(true);
        expect(result.data).toStrictEqual(value);
      }),
      { numRuns: 3000 },
    );
    // The property is vacuous if the fast path never says yes.
    expect(accepted).toBeGreaterThan(10);
  });

  it('should take the fast path for plain content chunks of the fixtures', () => {
    const plain = fixtures['openai-usage']?.slice(0, -1) ?? [];
    for (const line of plain)
      expect(isPlainChatCompletionChunk(JSON.parse(line))).toBe(true);
  });

  it('should leave tool calls, Janus events and usage to zod', () => {
    for (const name of ['openai-tool-calls', 'janus-sandy'])
      expect(
        fixtures[name]?.some(
          line => !isPlainChatCompletionChunk(JSON.parse(line)),
        ),
      ).toBe(true);
    expect(isPlainChatCompletionChunk(null)).toBe(false);
    expect(isPlainChatCompletionChunk([])).toBe(false);
  });
});
