import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatCompletionAccumulator } from '../accumulate/chat-completion-accumulator';
import { UpstreamError } from '../errors/upstream-error';
import {
  collect,
  fixtures,
  splitAt,
  streamOf,
  toSseText,
  utf8,
} from './__fixtures__/index';
import {
  type ChatStreamPart,
  parseChatCompletionStream,
} from './parse-chat-completion-stream';

/** Parts in a comparable form (errors reduced to their identifying fields). */
function summarize(parts: ChatStreamPart[]): unknown[] {
  return parts.map(part =>
    part.type === 'error'
      ? {
          type: 'error',
          name: part.error.name,
          code: part.error.code,
          message: part.error.message,
        }
      : part,
  );
}

async function decode(
  pieces: Uint8Array[],
  options: { keepAlives?: boolean } = {},
): Promise<unknown[]> {
  return summarize(
    await collect(parseChatCompletionStream(streamOf(pieces), options)),
  );
}

const names = Object.keys(fixtures);

describe('parseChatCompletionStream', () => {
  it.each(names)('should decode the %s fixture into its chunks', async name => {
    const lines = fixtures[name] as string[];
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(toSseText(lines))])),
    );
    const data = parts.filter(part => part.type === 'data');
    const errors = parts.filter(part => part.type === 'error');
    const expected = lines
      .map(line => JSON.parse(line))
      .filter(value => !('error' in value));
    expect(data.map(part => part.value)).toEqual(expected);
    expect(parts.at(-1)).toEqual({ type: 'done' });
    expect(errors).toHaveLength(name === 'error-mid-stream' ? 1 : 0);
  });

  it.each(names)(
    'should yield identical parts for %s split at every byte boundary',
    async name => {
      const bytes = utf8(
        toSseText(fixtures[name] as string[], { pingEvery: 3 }),
      );
      const expected = await decode([bytes], { keepAlives: true });
      for (let offset = 1; offset < bytes.length; offset++) {
        expect(
          await decode(splitAt(bytes, [offset]), { keepAlives: true }),
        ).toEqual(expected);
      }
      const oneByteEach = splitAt(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, index) => index + 1),
      );
      expect(await decode(oneByteEach, { keepAlives: true })).toEqual(expected);
    },
  );

  it.each(['\r\n', '\r'])(
    'should decode %j line endings like LF, at every byte boundary',
    async eol => {
      // A short fixture with a multibyte character (≤) keeps this quick.
      const lines = fixtures['openrouter-reasoning'] as string[];
      const expected = await decode([utf8(toSseText(lines))]);
      const bytes = utf8(toSseText(lines, { eol, pingEvery: 2 }));
      for (let offset = 1; offset < bytes.length; offset++)
        expect(await decode(splitAt(bytes, [offset]))).toEqual(expected);
    },
  );

  it('should yield identical parts for random splits (property)', async () => {
    const streams = names.map(name =>
      utf8(toSseText(fixtures[name] as string[], { pingEvery: 2 })),
    );
    const expected = await Promise.all(
      streams.map(bytes => decode([bytes], { keepAlives: true })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: streams.length - 1 }),
        fc.uniqueArray(fc.nat({ max: 5000 }), { maxLength: 40 }),
        async (which, cuts) => {
          const bytes = streams[which] as Uint8Array;
          const offsets = cuts
            .filter(offset => offset > 0 && offset < bytes.length)
            .sort((a, b) => a - b);
          const parts = await decode(splitAt(bytes, offsets), {
            keepAlives: true,
          });
          expect(parts).toEqual(expected[which]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('should turn the in-stream error of error-mid-stream into an UpstreamError part', async () => {
    const parts = await collect(
      parseChatCompletionStream(
        streamOf([utf8(toSseText(fixtures['error-mid-stream'] as string[]))]),
      ),
    );
    expect(parts.map(part => part.type)).toEqual([
      'data',
      'data',
      'error',
      'done',
    ]);
    const error = parts[2]?.type === 'error' ? parts[2].error : undefined;
    expect(UpstreamError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'upstream_error',
      upstreamCode: 'server_error',
      isRetryable: false,
      message:
        'The server had an error while processing your request. Sorry about that!',
    });
  });

  it('should accumulate the tool-call fixture into two parallel calls', async () => {
    const accumulator = new ChatCompletionAccumulator();
    for await (const part of parseChatCompletionStream(
      streamOf([utf8(toSseText(fixtures['openai-tool-calls'] as string[]))]),
    ))
      if (part.type === 'data') accumulator.push(part.value);
    const message = accumulator.toChatCompletion().choices[0]?.message;
    expect(message?.tool_calls).toEqual([
      {
        id: 'call_7hWqJ2mXbV1pLk9Yc3Rt6NsA',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
      },
      {
        id: 'call_Qm3NpV8xRt2LbK6Wd9Ys4HcE',
        type: 'function',
        function: {
          name: 'get_time',
          arguments: '{"timezone": "Europe/Paris"}',
        },
      },
    ]);
    expect(accumulator.toChatCompletion().choices[0]?.finish_reason).toBe(
      'tool_calls',
    );
  });

  it('should accumulate reasoning from reasoning_content and from reasoning', async () => {
    for (const [name, reasoning, content] of [
      [
        'deepseek-reasoning',
        'Okay, the user asks 9.11 vs 9.9; compare decimals: 0.11 < 0.90.',
        '9.9 is larger.',
      ],
      ['openrouter-reasoning', 'Let me think about primes ≤ 10.', '2, 3, 5, 7'],
    ] as const) {
      const accumulator = new ChatCompletionAccumulator();
      for await (const part of parseChatCompletionStream(
        streamOf([utf8(toSseText(fixtures[name] as string[]))]),
      ))
        if (part.type === 'data') accumulator.push(part.value);
      const message = accumulator.toChatCompletion().choices[0]?.message;
      expect(message?.reasoning_content).toBe(reasoning);
      expect(message?.content).toBe(content);
    }
  });

  it('should report a chunk that does not match the schema as invalid_response, and go on', async () => {
    const text = toSseText([
      '{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}',
      '{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}',
    ]);
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(text)])),
    );
    expect(parts.map(part => part.type)).toEqual(['error', 'data', 'done']);
    expect(parts[0]).toMatchObject({
      error: {
        name: 'ProtocolValidationError',
        code: 'invalid_response',
        param: 'object',
      },
    });
  });

  it('should skip validation with validate: false', async () => {
    const line = '{"id":"x","object":"not-a-chunk"}';
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(toSseText([line]))]), {
        validate: false,
      }),
    );
    expect(parts[0]).toEqual({
      type: 'data',
      value: JSON.parse(line),
      event: undefined,
      id: undefined,
    });
  });
});
