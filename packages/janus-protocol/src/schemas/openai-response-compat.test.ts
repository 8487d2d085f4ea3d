import type { ErrorObject } from 'openai/resources';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionTokenLogprob,
} from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { toErrorBody } from '../errors/to-error-body';
import { collect, streamOf, toSseText, utf8 } from '../sse/__fixtures__/index';
import { parseChatCompletionStream } from '../sse/parse-chat-completion-stream';
import { chatCompletionSchema } from './chat-completion';
import { chatCompletionChunkSchema } from './chat-completion-chunk';
import { errorBodySchema } from './error-body';

/**
 * OpenAI compatibility of the response schemas, table-driven. Every value
 * is typed with the official `openai` package's types, so a field it renames
 * or drops breaks the type check here; parsing must keep every field.
 */

const token = (text: string, logprob: number): ChatCompletionTokenLogprob => ({
  token: text,
  bytes: [...new TextEncoder().encode(text)],
  logprob,
  top_logprobs: [{ token: text, bytes: null, logprob }],
});

const usage: NonNullable<ChatCompletionChunk['usage']> = {
  prompt_tokens: 20,
  completion_tokens: 12,
  total_tokens: 32,
  prompt_tokens_details: {
    audio_tokens: 0,
    cached_tokens: 8,
    cache_write_tokens: 4,
  },
  completion_tokens_details: {
    accepted_prediction_tokens: 1,
    audio_tokens: 0,
    reasoning_tokens: 6,
    rejected_prediction_tokens: 2,
  },
};

const moderation: NonNullable<ChatCompletion['moderation']> = {
  input: {
    type: 'moderation_results',
    model: 'omni-moderation-latest',
    results: [
      {
        type: 'moderation_result',
        model: 'omni-moderation-latest',
        flagged: false,
        categories: { violence: false },
        category_scores: { violence: 0.01 },
        category_applied_input_types: { violence: ['text'] },
      },
    ],
  },
  output: { type: 'error', code: 'unavailable', message: 'Not scored' },
};

const chunkBase = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
  service_tier: 'default',
  system_fingerprint: 'fp_1',
} as const;

/** A chunk with one choice. */
const chunk = (
  choice: Omit<ChatCompletionChunk.Choice, 'index'>,
  fields: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk => ({
  ...chunkBase,
  choices: [{ index: 0, ...choice }],
  ...fields,
});

const chunkCases: Array<[string, ChatCompletionChunk]> = [
  [
    'role chunk (usage null, as with include_usage)',
    chunk(
      { delta: { role: 'assistant', content: '' }, finish_reason: null },
      { usage: null },
    ),
  ],
  [
    'content with logprobs',
    chunk({
      delta: { content: 'Hi' },
      finish_reason: null,
      logprobs: { content: [token('Hi', -0.1)], refusal: null },
    }),
  ],
  [
    'refusal with logprobs',
    chunk({
      delta: { refusal: 'No.' },
      finish_reason: null,
      logprobs: { content: null, refusal: [token('No.', -0.2)] },
    }),
  ],
  [
    'first tool call fragment',
    chunk({
      delta: {
        tool_calls: [
          {
            index: 0,
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      },
      finish_reason: null,
    }),
  ],
  [
    'later tool call fragment',
    chunk({
      delta: { tool_calls: [{ index: 0, function: { arguments: '{"c' } }] },
      finish_reason: null,
    }),
  ],
  [
    'legacy function_call fragment',
    chunk({
      delta: { function_call: { name: 'get_weather', arguments: '{}' } },
      finish_reason: null,
    }),
  ],
  ...(
    ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'] as const
  ).map((reason): [string, ChatCompletionChunk] => [
    `finish_reason ${reason}`,
    chunk({ delta: {}, finish_reason: reason, logprobs: null }),
  ]),
  ['usage chunk with every detail', { ...chunkBase, choices: [], usage }],
  ['moderation', chunk({ delta: {}, finish_reason: 'stop' }, { moderation })],
];

const completion: ChatCompletion = {
  id: 'chatcmpl-2',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
  service_tier: 'priority',
  system_fingerprint: 'fp_2',
  usage,
  moderation,
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: { content: [token('It', -0.3)], refusal: [] },
      message: {
        role: 'assistant',
        content: 'It is sunny [1].',
        refusal: null,
        annotations: [
          {
            type: 'url_citation',
            url_citation: {
              url: 'https://weather.example',
              title: 'Weather',
              start_index: 13,
              end_index: 16,
            },
          },
        ],
        audio: {
          id: 'audio_1',
          data: 'UklGRg==',
          expires_at: 1_900_000_000,
          transcript: 'It is sunny.',
        },
        function_call: { name: 'get_weather', arguments: '{}' },
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
    },
    {
      index: 1,
      finish_reason: 'content_filter',
      logprobs: null,
      message: { role: 'assistant', content: null, refusal: 'No.' },
    },
  ],
};

/** `value` as it arrives: JSON, so no `undefined`s. */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('chatCompletionChunkSchema: OpenAI compatibility', () => {
  it.each(chunkCases)('should parse and keep: %s', (_name, value) => {
    expect(chatCompletionChunkSchema.parse(value)).toStrictEqual(wire(value));
  });

  it('should decode every chunk kind from SSE unchanged', async () => {
    const lines = chunkCases.map(([, value]) => JSON.stringify(value));
    const parts = await collect(
      parseChatCompletionStream(streamOf([utf8(toSseText(lines))])),
    );
    expect(parts).toStrictEqual([
      ...chunkCases.map(([, value]) => ({
        type: 'data',
        value: wire(value),
        event: undefined,
        id: undefined,
      })),
      { type: 'done' },
    ]);
  });
});

describe('chatCompletionSchema: OpenAI compatibility', () => {
  it('should parse and keep every message, choice and top-level field', () => {
    expect(chatCompletionSchema.parse(completion)).toStrictEqual(
      wire(completion),
    );
  });
});

describe('error bodies: OpenAI compatibility', () => {
  it('should read an OpenAI error body', () => {
    const body: { error: ErrorObject } = {
      error: {
        message: "Invalid value: 'robot'.",
        type: 'invalid_request_error',
        param: 'messages[0].role',
        code: 'invalid_value',
      },
    };
    expect(errorBodySchema.parse(body)).toStrictEqual(body);
  });

  it('should write a body the openai client types as ErrorObject', () => {
    const error = new ProtocolValidationError({
      subject: 'chat completion request',
      value: {},
      cause: chatCompletionSchema.safeParse({}).error!,
    });
    // Compile-time check: Janus error bodies are OpenAI error objects.
    const body: { error: ErrorObject } = toErrorBody(error);
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'id',
      code: 'invalid_request',
    });
  });
});
