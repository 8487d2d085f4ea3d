import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chatCompletionRequestSchema,
  openAiChatCompletionRequestSchema,
} from '../schemas/chat-completion-request';
import { safeParseJsonWith } from '../schemas/safe-validate';
import { isPlainChatCompletionRequest } from './is-plain-chat-completion-request';

/**
 * JSON values near the request shape, with the odd wrong type, null or
 * out-of-range value here and there (no `undefined`: the check only sees
 * `JSON.parse` output).
 */
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 60, arbitrary }, fc.constant(null), fc.jsonValue());
/** Usually absent: the field's presence alone sends the value to zod. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary },
  );
/** Drops the keys `rarely` left out (JSON has no `undefined`). */
const json = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined),
  ) as T;
const part = fc.oneof(
  fc.record({ type: fc.constant('text'), text: maybe(fc.string()) }),
  fc.record(
    {
      type: fc.constantFrom('image_url', 'image'),
      image_url: maybe(
        fc.record(
          {
            url: maybe(fc.string({ maxLength: 3 })),
            detail: maybe(fc.constantFrom('auto', 'low', 'high', 'max')),
          },
          { requiredKeys: [], noNullPrototype: true },
        ),
      ),
    },
    { noNullPrototype: true },
  ),
  fc.record({
    type: fc.constantFrom('file', 'input_audio', 'refusal'),
    refusal: fc.string(),
  }),
);
const content = maybe(fc.oneof(fc.string(), fc.array(part, { maxLength: 3 })));
const message = fc
  .record(
    {
      role: fc.constantFrom(
        'system',
        'developer',
        'user',
        'assistant',
        'tool',
        'robot',
      ),
      content,
      name: maybe(fc.string()),
      tool_call_id: fc.string(),
      tool_calls: rarely(
        maybe(
          fc.constant([
            {
              id: 'c',
              type: 'function',
              function: { name: 'f', arguments: '' },
            },
          ]),
        ),
      ),
      reasoning_content: maybe(fc.string()),
      artifacts: rarely(maybe(fc.constant([]))),
      extra: fc.jsonValue(),
    },
    {
      requiredKeys: ['role', 'tool_calls', 'artifacts'],
      noNullPrototype: true,
    },
  )
  .map(json);
/** Mostly in range (`valid`), sometimes any small or huge number. */
const number = (valid: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 12, arbitrary: valid },
    fc.integer({ min: -3, max: 3 }),
    fc.double({ min: -3, max: 3, noNaN: true }),
    fc.constant(2 ** 60),
  );
const unit = number(fc.double({ min: 0, max: 1, noNaN: true }));
const count = number(fc.integer({ min: 1, max: 4096 }));
const requestLike = fc
  .record(
    {
      model: maybe(fc.oneof(fc.constant('m'), fc.string({ maxLength: 3 }))),
      messages: maybe(fc.array(message, { maxLength: 2 })),
      stream: maybe(fc.boolean()),
      stream_options: maybe(
        fc.record(
          { include_usage: maybe(fc.boolean()) },
          { requiredKeys: [], noNullPrototype: true },
        ),
      ),
      temperature: maybe(number(fc.double({ min: 0, max: 2, noNaN: true }))),
      top_p: maybe(unit),
      max_tokens: maybe(count),
      max_completion_tokens: maybe(count),
      tools: rarely(maybe(fc.constant([]))),
      tool_choice: rarely(maybe(fc.constantFrom('auto', 'none', 'sometimes'))),
      parallel_tool_calls: maybe(fc.boolean()),
      response_format: maybe(
        fc.record({ type: fc.constantFrom('text', 'json_schema', 'yaml') }),
      ),
      stop: maybe(fc.oneof(fc.string(), fc.array(maybe(fc.string())))),
      seed: maybe(number(fc.integer())),
      n: maybe(count),
      user: maybe(fc.string()),
      metadata: maybe(fc.dictionary(fc.string(), fc.jsonValue())),
      competitor_id: maybe(fc.string({ maxLength: 2 })),
      extra: fc.jsonValue(),
    },
    {
      requiredKeys: ['model', 'messages', 'tools', 'tool_choice'],
      noNullPrototype: true,
    },
  )
  .map(json);

describe('isPlainChatCompletionRequest', () => {
  it('should accept only values the schema accepts, unchanged (property)', () => {
    let accepted = 0;
    fc.assert(
      // Through JSON, as the check only ever sees `JSON.parse` output.
      fc.property(requestLike, generated => {
        const value: unknown = JSON.parse(JSON.stringify(generated));
        if (!isPlainChatCompletionRequest(value)) return;
        accepted++;
        // The fast path stands for both request schemas (fast-paths.ts).
        for (const schema of [
          chatCompletionRequestSchema,
          openAiChatCompletionRequestSchema,
        ]) {
          const result = schema.safeParse(value);
          expect(result.success).toBe(true);
          expect(result.data).toStrictEqual(value);
        }
      }),
      { numRuns: 5000 },
    );
    // The property is vacuous if the fast path never says yes.
    expect(accepted).toBeGreaterThan(50);
  });

  it('should take the fast path for common requests', () => {
    for (const request of [
      { model: 'm', messages: [{ role: 'user', content: 'Hi' }] },
      {
        model: 'm',
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.7,
        max_tokens: 256,
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              {
                type: 'image_url',
                image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' },
              },
            ],
          },
          { role: 'assistant', content: null, reasoning_content: 'hm' },
          { role: 'user', content: 'Go on' },
        ],
        competitor_id: 'baseline',
      },
    ])
      expect(isPlainChatCompletionRequest(request)).toBe(true);
  });

  it('should leave tools, tool calls and other parts to zod', () => {
    const user = { role: 'user', content: 'Hi' };
    for (const request of [
      { model: 'm', messages: [user], tools: [] },
      {
        model: 'm',
        messages: [
          {
            role: 'assistant',
            tool_calls: [
              {
                id: 'c',
                type: 'function',
                function: { name: 'f', arguments: '{}' },
              },
            ],
          },
        ],
      },
      {
        model: 'm',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'input_audio', input_audio: { data: '', format: 'wav' } },
            ],
          },
        ],
      },
    ]) {
      expect(isPlainChatCompletionRequest(request)).toBe(false);
      expect(chatCompletionRequestSchema.safeParse(request).success).toBe(true);
    }
  });

  it('should keep zod as the judge of requests it does not accept', () => {
    const rejected = safeParseJsonWith({
      text: JSON.stringify({ model: 'm', messages: [] }),
      schema: chatCompletionRequestSchema,
      subject: 'chat completion request',
    });
    expect(rejected.success).toBe(false);
    if (!rejected.success) expect(rejected.error.param).toBe('messages');
    const accepted = safeParseJsonWith({
      text: JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
      }),
      schema: chatCompletionRequestSchema,
    });
    expect(accepted).toEqual({
      success: true,
      value: { model: 'm', messages: [{ role: 'user', content: 'x' }] },
    });
  });

  it('should leave objects with an own "__proto__" key to zod (found by the property test)', () => {
    for (const text of [
      '{"model":"m","messages":[{"role":"system","content":""}],"metadata":{"__proto__":false}}',
      '{"model":"m","messages":[{"role":"user","content":"x"}],"__proto__":{"a":1}}',
      '{"model":"m","messages":[{"role":"user","content":"x","__proto__":1}]}',
    ]) {
      const value: unknown = JSON.parse(text);
      expect(isPlainChatCompletionRequest(value)).toBe(false);
      const viaFastPath = safeParseJsonWith({
        text,
        schema: chatCompletionRequestSchema,
      });
      const viaZod = chatCompletionRequestSchema.safeParse(value);
      expect(viaFastPath.success).toBe(viaZod.success);
      if (viaFastPath.success)
        expect(viaFastPath.value).toStrictEqual(viaZod.data);
    }
  });
});
