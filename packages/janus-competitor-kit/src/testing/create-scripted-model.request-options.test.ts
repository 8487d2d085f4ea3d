import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createScriptedModelHandler } from './create-scripted-model-handler';

// The request parameters the scripted model honours as an OpenAI-compatible
// server would: max_tokens / max_completion_tokens, stop, response_format.

const handler = createScriptedModelHandler();
const openai = new OpenAI({
  baseURL: 'http://scripted.test/v1',
  apiKey: 'any-key',
  maxRetries: 0,
  fetch: (input, init) => handler.fetch(new Request(input, init)),
});
const capital = [
  { role: 'user' as const, content: 'What is the capital of France?' },
];
/** Pieces of `Scripted model: reading the request… applying the "knowledge" rule.\n`. */
const preamblePieces = 9;

describe('createScriptedModelHandler request options', () => {
  it('should stop at max_tokens with finish_reason length, reasoning included, and count what it sent', async () => {
    const cut = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      max_tokens: preamblePieces + 3,
    });
    expect(cut.choices[0]?.message.content).toBe('The capital of ');
    expect(cut.choices[0]?.finish_reason).toBe('length');
    expect(cut.usage?.completion_tokens).toBe(preamblePieces + 3);
    const tiny = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      max_completion_tokens: 3,
    });
    expect(tiny.choices[0]?.message.content).toBe('');
    expect(tiny.choices[0]?.finish_reason).toBe('length');
    expect(tiny.usage).toMatchObject({
      completion_tokens: 3,
      total_tokens: (tiny.usage?.prompt_tokens ?? 0) + 3,
    });
    // Exactly enough: nothing was cut.
    const exact = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      max_tokens: preamblePieces + 6,
    });
    expect(exact.choices[0]?.message.content).toBe(
      'The capital of France is Paris.',
    );
    expect(exact.choices[0]?.finish_reason).toBe('stop');
  });

  it('should end a stream at max_tokens with a length finish chunk and matching usage', async () => {
    const stream = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      max_tokens: preamblePieces + 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(content).toBe('The capital ');
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(preamblePieces + 2);
  });

  it('should cut tool-call arguments at max_tokens', async () => {
    // Preamble `… applying the "agent: write program" rule.\n`: 11 pieces.
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: [{ role: 'user', content: 'Write a program' }],
      tools: ['run_command', 'write_file'].map(name => ({
        type: 'function' as const,
        function: { name, parameters: { type: 'object', properties: {} } },
      })),
      max_tokens: 11 + 2,
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(13);
    expect(call?.type === 'function' && call.function.name).toBe('write_file');
    // Two 24-character argument slices.
    expect(call?.type === 'function' && call.function.arguments.length).toBe(
      48,
    );
  });

  it('should end the content before the first stop sequence, which is not included', async () => {
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      stop: ['is', 'Paris'],
    });
    expect(completion.choices[0]?.message.content).toBe(
      'The capital of France ',
    );
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const single = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      stop: 'Paris',
    });
    expect(single.choices[0]?.message.content).toBe(
      'The capital of France is ',
    );
    const absent = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      stop: ['Berlin'],
    });
    expect(absent.choices[0]?.message.content).toBe(
      'The capital of France is Paris.',
    );
  });

  it('should answer JSON mode with a JSON object holding the answer', async () => {
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      answer: 'The capital of France is Paris.',
    });
  });

  it('should answer a JSON schema with a value that satisfies it', async () => {
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: capital,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'capital',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              population: { type: 'integer', minimum: 1000 },
              kind: { type: 'string', enum: ['capital', 'city'] },
              neighbours: { type: 'array', items: { type: 'string' } },
              coastal: { type: ['boolean', 'null'] },
            },
            required: ['city', 'population', 'kind', 'neighbours', 'coastal'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      city: 'The capital of France is Paris.',
      population: 1000,
      kind: 'capital',
      neighbours: ['The capital of France is Paris.'],
      coastal: true,
    });
    const message = completion.choices[0]?.message as
      | { reasoning_content?: string }
      | undefined;
    expect(message?.reasoning_content).toContain(
      '"knowledge, as json_schema" rule',
    );
  });

  it('should leave tool calls alone in JSON mode', async () => {
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: [{ role: 'user', content: 'Use get_weather for Paris' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
            },
          },
        },
      ],
      response_format: { type: 'json_object' },
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
  });
});
