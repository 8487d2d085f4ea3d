import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { toErrorBody } from '../errors/to-error-body';
import {
  chatCompletionRequestSchema,
  openAiChatCompletionRequestSchema,
} from './chat-completion-request';
import { safeParseJsonWith, safeValidate } from './safe-validate';

/**
 * OpenAI compatibility of the request schema, table-driven. Every body is
 * typed with the official `openai` package's params, so a field it renames
 * or drops breaks the type check here; every body must be accepted and come
 * back deep-equal (nothing stripped, nothing added), both through
 * `safeValidate` and through `safeParseJsonWith` (the gateway's path, with
 * its fast path).
 */

const user: ChatCompletionMessageParam = { role: 'user', content: 'Hi' };

/** A non-stream request with these fields besides `model` and `messages`. */
const params = (
  fields: Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'messages'>,
): ChatCompletionCreateParams => ({
  model: 'gpt-4o',
  messages: [user],
  ...fields,
});

/** A request with these messages. */
const conversation = (
  ...messages: ChatCompletionMessageParam[]
): ChatCompletionCreateParams => ({ model: 'gpt-4o', messages });

/** A request with one user message holding these parts. */
const parts = (
  ...content: ChatCompletionContentPart[]
): ChatCompletionCreateParams =>
  conversation({ role: 'user', content: [...content] });

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
    strict: true,
  },
};
const customTool: ChatCompletionTool = {
  type: 'custom',
  custom: { name: 'run_sql', description: 'Runs one SQL query' },
};

/** A request offering these tools with this `tool_choice`. */
const choosing = (
  tool_choice: ChatCompletionToolChoiceOption,
  tools: ChatCompletionTool[] = [weatherTool],
): ChatCompletionCreateParams => params({ tools, tool_choice });

/** A response message as the `openai` client returns it, sent back as history. */
const echoedReply: ChatCompletionMessage = {
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
  function_call: null,
  tool_calls: [
    {
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
    },
  ],
};

const requestCases: Array<[string, ChatCompletionCreateParams]> = [
  ['minimal', params({})],
  [
    'stream with stream_options',
    {
      model: 'gpt-4o',
      messages: [user],
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
    },
  ],
  ['stream: false and null', params({ stream: null, stream_options: null })],
  [
    'audio output with modalities',
    params({
      modalities: ['text', 'audio'],
      audio: { format: 'wav', voice: 'alloy' },
    }),
  ],
  [
    'audio with a custom voice id',
    params({ audio: { format: 'pcm16', voice: { id: 'voice_123' } } }),
  ],
  [
    'penalties, logit_bias, logprobs',
    params({
      frequency_penalty: -0.5,
      presence_penalty: 1.5,
      logit_bias: { '50256': -100, '1234': 5 },
      logprobs: true,
      top_logprobs: 5,
    }),
  ],
  [
    'legacy functions with function_call auto',
    params({
      functions: [
        { name: 'get_weather', parameters: { type: 'object' } },
        { name: 'noop', description: 'Does nothing' },
      ],
      function_call: 'auto',
    }),
  ],
  [
    'legacy function_call by name',
    params({
      functions: [{ name: 'get_weather' }],
      function_call: { name: 'get_weather' },
    }),
  ],
  ['token limits', params({ max_completion_tokens: 1024, max_tokens: 512 })],
  [
    'metadata, store, user',
    params({ metadata: { a: 'b' }, store: true, user: 'u-1' }),
  ],
  [
    'moderation',
    params({
      moderation: {
        model: 'omni-moderation-latest',
        policy: { input: { mode: 'block' }, output: null },
      },
    }),
  ],
  ['n and seed', params({ n: 2, seed: 42 })],
  [
    'parallel_tool_calls',
    params({ tools: [weatherTool], parallel_tool_calls: false }),
  ],
  [
    'prediction (string)',
    params({ prediction: { type: 'content', content: 'const x = 1;' } }),
  ],
  [
    'prediction (text parts)',
    params({
      prediction: {
        type: 'content',
        content: [{ type: 'text', text: 'const x = 1;' }],
      },
    }),
  ],
  [
    'prompt caching',
    params({
      prompt_cache_key: 'tenant-1',
      prompt_cache_retention: '24h',
      prompt_cache_options: { mode: 'explicit', ttl: '30m' },
    }),
  ],
  ['reasoning_effort', params({ reasoning_effort: 'minimal' })],
  ['reasoning_effort null', params({ reasoning_effort: null })],
  ['response_format text', params({ response_format: { type: 'text' } })],
  [
    'response_format json_object',
    params({ response_format: { type: 'json_object' } }),
  ],
  [
    'response_format json_schema',
    params({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          description: 'The answer',
          schema: {
            type: 'object',
            properties: { value: { type: 'number' } },
            required: ['value'],
          },
          strict: true,
        },
      },
    }),
  ],
  [
    'safety_identifier, service_tier, verbosity',
    params({
      safety_identifier: 'hash-1',
      service_tier: 'flex',
      verbosity: 'low',
    }),
  ],
  ['stop as a string', params({ stop: 'END' })],
  ['stop as an array', params({ stop: ['\n\n', 'END'] })],
  ['stop null', params({ stop: null })],
  ['sampling', params({ temperature: 0, top_p: 0.9 })],
  [
    'every nullable field null',
    params({
      audio: null,
      frequency_penalty: null,
      logit_bias: null,
      logprobs: null,
      max_completion_tokens: null,
      max_tokens: null,
      metadata: null,
      modalities: null,
      moderation: null,
      n: null,
      prediction: null,
      presence_penalty: null,
      prompt_cache_key: null,
      prompt_cache_retention: null,
      safety_identifier: null,
      seed: null,
      service_tier: null,
      store: null,
      temperature: null,
      top_logprobs: null,
      top_p: null,
      verbosity: null,
    }),
  ],
  [
    'web_search_options',
    params({
      web_search_options: {
        search_context_size: 'high',
        user_location: {
          type: 'approximate',
          approximate: { city: 'Rome', country: 'IT', timezone: 'Europe/Rome' },
        },
      },
    }),
  ],
  ['function tool', params({ tools: [weatherTool] })],
  [
    'function tool without parameters',
    params({ tools: [{ type: 'function', function: { name: 'now' } }] }),
  ],
  ['custom tool', params({ tools: [customTool] })],
  [
    'custom tool with a text format',
    params({
      tools: [
        {
          type: 'custom',
          custom: { name: 'echo', format: { type: 'text' } },
        },
      ],
    }),
  ],
  [
    'custom tool with a grammar',
    params({
      tools: [
        {
          type: 'custom',
          custom: {
            name: 'math',
            format: {
              type: 'grammar',
              grammar: { syntax: 'lark', definition: 'start: NUMBER' },
            },
          },
        },
        {
          type: 'custom',
          custom: {
            name: 'digits',
            format: {
              type: 'grammar',
              grammar: { syntax: 'regex', definition: '^\\d+$' },
            },
          },
        },
      ],
    }),
  ],
  ['tool_choice none', choosing('none')],
  ['tool_choice auto', choosing('auto')],
  ['tool_choice required', choosing('required')],
  [
    'tool_choice function',
    choosing({ type: 'function', function: { name: 'get_weather' } }),
  ],
  [
    'tool_choice custom',
    choosing({ type: 'custom', custom: { name: 'run_sql' } }, [customTool]),
  ],
  [
    'tool_choice allowed_tools',
    choosing(
      {
        type: 'allowed_tools',
        allowed_tools: {
          mode: 'required',
          tools: [
            { type: 'function', function: { name: 'get_weather' } },
            { type: 'custom', custom: { name: 'run_sql' } },
          ],
        },
      },
      [weatherTool, customTool],
    ),
  ],
  [
    'tool_choice allowed_tools over function tools only',
    choosing(
      {
        type: 'allowed_tools',
        allowed_tools: {
          mode: 'auto',
          tools: [{ type: 'function', function: { name: 'get_weather' } }],
        },
      },
      [weatherTool],
    ),
  ],
  [
    'developer and system messages (string, parts, name)',
    conversation(
      { role: 'developer', content: 'Be brief.', name: 'ops' },
      { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
      user,
    ),
  ],
  [
    'user message with a name',
    conversation({ role: 'user', content: 'Hi', name: 'alice' }),
  ],
  [
    'text part with a cache breakpoint',
    parts({
      type: 'text',
      text: 'Long context',
      prompt_cache_breakpoint: { mode: 'explicit' },
    }),
  ],
  [
    'image_url parts (URL, data URL, every detail)',
    parts(
      { type: 'image_url', image_url: { url: 'https://img.example/a.png' } },
      {
        type: 'image_url',
        image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      },
      {
        type: 'image_url',
        image_url: { url: 'https://img.example/b.png', detail: 'high' },
        prompt_cache_breakpoint: { mode: 'explicit' },
      },
      {
        type: 'image_url',
        image_url: { url: 'https://img.example/c.png', detail: 'auto' },
      },
    ),
  ],
  [
    'input_audio parts',
    parts(
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
    ),
  ],
  [
    'file parts (file_data, file_id)',
    parts(
      {
        type: 'file',
        file: {
          filename: 'a.pdf',
          file_data: 'data:application/pdf;base64,JVBERi0=',
        },
      },
      { type: 'file', file: { file_id: 'file-abc123' } },
    ),
  ],
  [
    'assistant turn with text and refusal parts, name, refusal',
    conversation(user, {
      role: 'assistant',
      name: 'helper',
      content: [
        { type: 'text', text: 'Part one.' },
        { type: 'refusal', refusal: 'I cannot do part two.' },
      ],
      refusal: 'I cannot do part two.',
    }),
  ],
  [
    'assistant turn with audio by id',
    conversation(user, { role: 'assistant', audio: { id: 'audio_1' } }),
  ],
  [
    'assistant turn with function and custom tool calls, then tool results',
    conversation(
      user,
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
          {
            id: 'call_2',
            type: 'custom',
            custom: { name: 'run_sql', input: 'SELECT 1' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":20}' },
      {
        role: 'tool',
        tool_call_id: 'call_2',
        content: [{ type: 'text', text: '1' }],
      },
    ),
  ],
  [
    'legacy assistant function_call and function message',
    conversation(
      user,
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
      { role: 'function', name: 'get_weather', content: '{"temp":20}' },
      { role: 'function', name: 'get_weather', content: null },
    ),
  ],
  [
    'a response message sent back as history',
    conversation(user, echoedReply, {
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'sunny',
    }),
  ],
];

/**
 * The cases only `openAiChatCompletionRequestSchema` takes: custom tools and
 * the `tool_choice` forms that go with them (with the param the competitor
 * schema reports).
 */
const openAiOnly = new Map([
  ['custom tool', 'tools.0.type'],
  ['custom tool with a text format', 'tools.0.type'],
  ['custom tool with a grammar', 'tools.0.type'],
  ['tool_choice custom', 'tools.0.type'],
  ['tool_choice allowed_tools', 'tools.1.type'],
  // Function tools pass; the tool_choice form is what it refuses.
  ['tool_choice allowed_tools over function tools only', 'tool_choice.type'],
]);

/** Asserts both validation paths accept `body` and return it deep-equal. */
function expectKept(
  schema:
    | typeof chatCompletionRequestSchema
    | typeof openAiChatCompletionRequestSchema,
  body: object,
): void {
  // What the gateway gets: JSON, so no `undefined`s.
  const expected: unknown = JSON.parse(JSON.stringify(body));
  expect(safeValidate({ value: body, schema })).toStrictEqual({
    success: true,
    value: expected,
  });
  // The gateway's path (the fast path first, then zod).
  expect(
    safeParseJsonWith({ text: JSON.stringify(body), schema }),
  ).toStrictEqual({ success: true, value: expected });
}

describe('openAiChatCompletionRequestSchema: OpenAI compatibility', () => {
  it.each(requestCases)('should accept and keep: %s', (_name, body) => {
    expectKept(openAiChatCompletionRequestSchema, body);
  });

  it('should keep fields OpenAI has not defined yet, at every level', () => {
    const body = {
      ...params({ tools: [weatherTool, customTool] }),
      future_option: { nested: [1, 2] },
      stream_options: { include_usage: true, future_flag: true },
      messages: [
        {
          role: 'user',
          future_field: 1,
          content: [
            { type: 'text', text: 'Hi', future_field: 2 },
            {
              type: 'image_url',
              image_url: { url: 'https://img.example/a.png', future: 3 },
            },
          ],
        },
      ],
    };
    expectKept(openAiChatCompletionRequestSchema, body);
    expectKept(chatCompletionRequestSchema, { ...body, tools: [weatherTool] });
  });
});

describe('chatCompletionRequestSchema: OpenAI compatibility', () => {
  it.each(requestCases.filter(([name]) => !openAiOnly.has(name)))(
    'should accept and keep: %s',
    (_name, body) => {
      expectKept(chatCompletionRequestSchema, body);
    },
  );

  it.each([...openAiOnly])('should refuse %s at %s', (name, param) => {
    const body = requestCases.find(([caseName]) => caseName === name)?.[1];
    const result = safeValidate({
      value: body,
      schema: chatCompletionRequestSchema,
    });
    expect(result.success ? undefined : result.error.param).toBe(param);
  });
});

describe('openAiChatCompletionRequestSchema: OpenAI-shaped errors', () => {
  /** The error body a rejected request gets. */
  const errorBodyFor = (value: unknown) => {
    const result = safeValidate({
      value,
      schema: openAiChatCompletionRequestSchema,
      subject: 'chat completion request',
    });
    expect(result.success).toBe(false);
    return result.success ? undefined : toErrorBody(result.error).error;
  };

  it.each<[string, unknown, string]>([
    ['messages not an array', { model: 'm', messages: 'Hi' }, 'messages'],
    [
      'an unknown role',
      conversationWith({ role: 'robot', content: 'x' }),
      'messages.0.role',
    ],
    [
      'a user message without content',
      conversationWith({ role: 'user' }),
      'messages.0.content',
    ],
    [
      'a tool message without tool_call_id',
      conversationWith({ role: 'tool', content: 'x' }),
      'messages.0.tool_call_id',
    ],
    [
      'a text part without text',
      conversationWith({ role: 'user', content: [{ type: 'text' }] }),
      'messages.0.content.0.text',
    ],
    [
      'an image part without a URL',
      conversationWith({
        role: 'user',
        content: [{ type: 'image_url', image_url: {} }],
      }),
      'messages.0.content.0.image_url.url',
    ],
    [
      'a named tool_choice without a name',
      { ...params({}), tool_choice: { type: 'function', function: {} } },
      'tool_choice.function.name',
    ],
    [
      'a tool without a function name',
      { ...params({}), tools: [{ type: 'function', function: {} }] },
      'tools.0.function.name',
    ],
    [
      'a custom tool without a name',
      { ...params({}), tools: [{ type: 'custom', custom: {} }] },
      'tools.0.custom.name',
    ],
    [
      'a tool of an unknown type',
      { ...params({}), tools: [{ type: 'robot' }] },
      'tools.0.type',
    ],
    [
      'an unknown tool_choice',
      { ...params({}), tool_choice: 'always' },
      'tool_choice',
    ],
    [
      'a temperature out of range',
      { ...params({}), temperature: 2.5 },
      'temperature',
    ],
  ])('should reject %s', (_name, value, param) => {
    expect(errorBodyFor(value)).toEqual({
      message: expect.stringContaining(`at '${param}'`),
      type: 'invalid_request_error',
      param,
      code: 'invalid_request',
    });
  });
});

/** A request body with one (possibly invalid) message. */
function conversationWith(message: unknown): unknown {
  return { model: 'gpt-4o', messages: [message] };
}
