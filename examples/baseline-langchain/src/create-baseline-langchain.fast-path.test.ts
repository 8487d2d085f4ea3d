import { createLlmClient, silentLogger } from '@janus/competitor-kit';
import { type ServedCompetitor, serve } from '@janus/competitor-kit/node';
import {
  createScriptedModel,
  type ScriptedModel,
} from '@janus/competitor-kit/testing';
import { parseChatCompletionStream } from '@janus/protocol';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createBaselineLangChain } from './create-baseline-langchain';
import { startCaptureLlm } from './test/start-capture-llm';

/** Every OpenAI request parameter the fast path is expected to forward. */
const PARAMETERS = {
  temperature: 0.2,
  top_p: 0.9,
  presence_penalty: 0.1,
  frequency_penalty: 0.3,
  logit_bias: { '50256': -100 },
  user: 'user-1',
  // The kit answers n > 1 with a 400 before the handler runs.
  n: 1,
  seed: 7,
  stop: ['\n\n'],
  logprobs: true,
  top_logprobs: 2,
  reasoning_effort: 'low',
  prompt_cache_key: 'cache-1',
  service_tier: 'auto',
  // Not an OpenAI field: a vLLM sampling extension, forwarded as received.
  top_k: 40,
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'capital',
      strict: true,
      schema: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  },
};

describe('createBaselineLangChain fast path', () => {
  let llm: Awaited<ReturnType<typeof startCaptureLlm>>;
  let competitor: ServedCompetitor;
  beforeAll(async () => {
    llm = await startCaptureLlm();
    const connection = { baseURL: llm.url, apiKey: 'unused', model: 'up-1' };
    const { competitor: handler } = createBaselineLangChain({
      llm: createLlmClient(connection),
      connection,
      // Never reached on the fast path.
      sandy: { baseUrl: 'http://127.0.0.1:1' },
      logger: silentLogger,
    });
    competitor = await serve({ competitor: handler });
  });
  afterAll(async () => {
    await competitor?.close();
    await llm?.close();
  });
  beforeEach(() => {
    llm.requests.length = 0;
  });

  /** Streams a request straight to the competitor; returns text and finish reason. */
  async function ask(body: Record<string, unknown>) {
    const response = await fetch(`${competitor.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'baseline-langchain',
        stream: true,
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
        ...body,
      }),
    });
    expect(response.status).toBe(200);
    let content = '';
    let finishReason: string | null | undefined;
    for await (const part of parseChatCompletionStream(response)) {
      if (part.type === 'error') throw part.error;
      if (part.type !== 'data') continue;
      for (const choice of part.value.choices) {
        content += choice.delta.content ?? '';
        finishReason = choice.finish_reason ?? finishReason;
      }
    }
    return { content, finishReason };
  }

  it('should forward the request parameters to the LLM', async () => {
    await ask({
      ...PARAMETERS,
      max_completion_tokens: 64,
      metadata: { routing_decision: 'fast' },
      stream_options: { include_usage: true },
    });
    expect(llm.requests).toHaveLength(1);
    const received = llm.requests[0]!;
    expect(received).toMatchObject({
      ...PARAMETERS,
      // LangChain names the cap per model: max_tokens unless it is a reasoning model.
      max_tokens: 64,
      model: 'up-1',
      stream: true,
      stream_options: { include_usage: true },
    });
    // Janus-only fields stay with the competitor (as in the kit's fast path).
    expect(received).not.toHaveProperty('metadata');
    expect(received).not.toHaveProperty('competitor_id');
  });

  it('should send max_tokens as max_tokens, a string stop as a list, and no nulls', async () => {
    await ask({ max_tokens: 32, stop: 'END', temperature: null });
    expect(llm.requests[0]).toMatchObject({ max_tokens: 32, stop: ['END'] });
    expect(llm.requests[0]).not.toHaveProperty('temperature');
  });

  it('should call a failing LLM once per request: retries belong to the gateway', async () => {
    const response = await fetch(`${competitor.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'baseline-langchain',
        user: 'fail',
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
      }),
    });
    expect(response.status).toBeGreaterThanOrEqual(500);
    await response.body?.cancel();
    expect(llm.requests).toHaveLength(1);
  });

  it("should end with the LLM's finish reason", async () => {
    const seen = await ask({ max_tokens: 5 });
    expect(seen).toEqual({ content: 'Paris', finishReason: 'length' });
    expect(await ask({})).toEqual({ content: 'Paris', finishReason: 'stop' });
  });

  it('should forward file and audio parts to the LLM as the client sent them', async () => {
    const file = {
      type: 'file',
      file: { filename: 'notes.txt', file_data: 'data:text/plain;base64,aGk=' },
    };
    const audio = {
      type: 'input_audio',
      input_audio: { data: 'UklGRg==', format: 'wav' },
    };
    await ask({
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'What is in these?' }, file, audio],
        },
      ],
      metadata: { routing_decision: 'fast' },
    });
    const messages = llm.requests[0]!.messages as { content: unknown }[];
    expect(messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'What is in these?' },
      file,
      audio,
    ]);
  });

  it.each(['jsonMode', 'jsonSchema'] as const)(
    "should answer LangChain's withStructuredOutput (%s)",
    async method => {
      const client = new ChatOpenAI({
        model: 'baseline-langchain',
        apiKey: 'unused',
        configuration: { baseURL: `${competitor.url}/v1` },
        maxRetries: 0,
      });
      const structured = client.withStructuredOutput(
        z.object({ city: z.string() }),
        { method, name: 'capital' },
      );
      expect(
        await structured.invoke(
          'What is the capital of France? Answer in JSON.',
        ),
      ).toEqual({ city: 'Paris' });
      expect(llm.requests[0]?.response_format).toMatchObject({
        type: method === 'jsonMode' ? 'json_object' : 'json_schema',
      });
    },
  );
});

describe('createBaselineLangChain fast path with the scripted model', () => {
  let model: ScriptedModel;
  let competitor: ServedCompetitor;
  beforeAll(async () => {
    model = await createScriptedModel();
    const connection = {
      baseURL: model.url,
      apiKey: 'unused',
      model: 'janus-scripted',
    };
    const { competitor: handler } = createBaselineLangChain({
      llm: createLlmClient(connection),
      connection,
      sandy: { baseUrl: 'http://127.0.0.1:1' },
      logger: silentLogger,
    });
    competitor = await serve({ competitor: handler });
  });
  afterAll(async () => {
    await competitor?.close();
    await model?.close();
  });

  // What the demo runs: LangChain's structured output through the baseline
  // to the scripted model, which answers JSON mode and JSON schemas in JSON.
  it.each([
    ['jsonMode', z.object({ answer: z.string() })],
    ['jsonSchema', z.object({ answer: z.string(), sure: z.boolean() })],
  ] as const)(
    "should answer LangChain's withStructuredOutput from the scripted model (%s)",
    async (method, schema) => {
      const client = new ChatOpenAI({
        model: 'baseline-langchain',
        apiKey: 'unused',
        configuration: { baseURL: `${competitor.url}/v1` },
        maxRetries: 0,
      });
      const structured = client.withStructuredOutput(schema, {
        method,
        name: 'capital',
      });
      expect(
        await structured.invoke('What is the capital of France?'),
      ).toMatchObject({ answer: 'The capital of France is Paris.' });
    },
  );

  it('should pass on the finish reason length when max_tokens cuts the answer', async () => {
    const client = new ChatOpenAI({
      model: 'baseline-langchain',
      apiKey: 'unused',
      configuration: { baseURL: `${competitor.url}/v1` },
      maxRetries: 0,
      // 9 pieces of reasoning preamble, then 3 words.
      maxTokens: 12,
    });
    const message = await client.invoke('What is the capital of France?');
    expect(message.content).toBe('The capital of ');
    expect(message.response_metadata.finish_reason).toBe('length');
  });
});
