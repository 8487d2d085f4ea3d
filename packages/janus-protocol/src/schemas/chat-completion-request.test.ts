import { describe, expect, it } from 'vitest';
import { ProtocolValidationError } from '../errors/protocol-validation-error';
import { chatCompletionRequestSchema } from './chat-completion-request';
import { safeValidate } from './safe-validate';

const validate = (value: unknown) =>
  safeValidate({
    value,
    schema: chatCompletionRequestSchema,
    subject: 'chat completion request',
  });

/** The `param` of the error a request is rejected with. */
const rejectedParam = (value: unknown) => {
  const result = validate(value);
  expect(result.success).toBe(false);
  if (result.success) return undefined;
  expect(ProtocolValidationError.isInstance(result.error)).toBe(true);
  expect(result.error.code).toBe('invalid_request');
  return result.error.param;
};

const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

describe('chatCompletionRequestSchema', () => {
  it('should accept every content part kind, tools and stream options', () => {
    const request = {
      model: 'baseline-agent-cli',
      competitor_id: 'baseline-agent-cli',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 1,
      max_tokens: 100,
      max_completion_tokens: 200,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: {} },
            strict: true,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: true,
      response_format: { type: 'json_schema', json_schema: { name: 'x' } },
      stop: ['\n\n'],
      seed: 1,
      n: 1,
      user: 'user-1',
      metadata: { routing_decision: 'sandy' },
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            {
              type: 'image_url',
              image_url: {
                url: 'data:image/png;base64,iVBORw0KGgo=',
                detail: 'low',
              },
            },
            {
              type: 'file',
              file: {
                filename: 'a.pdf',
                file_data: 'data:application/pdf;base64,JVBE',
              },
            },
            {
              type: 'file',
              file: {
                name: 'notes.txt',
                mime_type: 'text/plain',
                content: 'hi',
                size: 2,
              },
            },
            {
              type: 'input_audio',
              input_audio: { data: 'UklGRg==', format: 'wav' },
            },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":20}' },
      ],
    };
    const result = validate(request);
    expect(result).toEqual({ success: true, value: request });
  });

  it('should keep unknown fields at every level', () => {
    const request = {
      ...base,
      reasoning_effort: 'high',
      messages: [
        { role: 'user', content: 'Hi', cache_control: { type: 'ephemeral' } },
      ],
      stream_options: { include_usage: true, continuous_usage_stats: true },
    };
    const parsed = chatCompletionRequestSchema.parse(request);
    expect(parsed).toEqual(request);
    expect(parsed.reasoning_effort).toBe('high');
  });

  it('should accept a tool_choice string and nulls for optional fields', () => {
    expect(
      validate({
        ...base,
        tool_choice: 'auto',
        temperature: null,
        stream: null,
      }).success,
    ).toBe(true);
  });

  it('should reject invalid requests with the path as param', () => {
    expect(rejectedParam({ ...base, messages: [] })).toBe('messages');
    expect(rejectedParam({ messages: base.messages })).toBe('model');
    expect(rejectedParam({ ...base, temperature: 3 })).toBe('temperature');
    expect(rejectedParam({ ...base, top_p: -1 })).toBe('top_p');
    expect(rejectedParam({ ...base, max_tokens: 0 })).toBe('max_tokens');
    expect(rejectedParam({ ...base, competitor_id: '' })).toBe('competitor_id');
    expect(
      rejectedParam({ ...base, messages: [{ role: 'robot', content: 'x' }] }),
    ).toBe('messages.0.role');
    expect(
      rejectedParam({
        ...base,
        messages: [{ role: 'user', content: [{ type: 'text' }] }],
      }),
    ).toBe('messages.0.content.0.text');
    expect(
      rejectedParam({
        ...base,
        messages: [
          {
            role: 'user',
            content: [{ type: 'file', file: { filename: 'a' } }],
          },
        ],
      }),
    ).toBe('messages.0.content.0.file');
    expect(
      rejectedParam({
        ...base,
        tools: [{ type: 'function', function: { name: '' } }],
      }),
    ).toBe('tools.0.function.name');
    expect(
      rejectedParam({ ...base, stream_options: { include_usage: 'yes' } }),
    ).toBe('stream_options.include_usage');
  });

  it('should report messages.min with a clear message', () => {
    const result = validate({ ...base, messages: [] });
    expect(result.success ? '' : result.error.message).toBe(
      "Invalid chat completion request at 'messages': messages must contain at least one message",
    );
  });
});
