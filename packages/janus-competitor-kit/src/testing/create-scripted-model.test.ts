import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';
import {
  createScriptedModel,
  type ScriptedModel,
} from './create-scripted-model';
import { createScriptedModelHandler } from './create-scripted-model-handler';

describe('createScriptedModel', () => {
  let model: ScriptedModel;
  let openai: OpenAI;

  beforeAll(async () => {
    model = await createScriptedModel();
    openai = new OpenAI({
      baseURL: model.url,
      apiKey: 'any-key',
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await model.close();
  });

  it('should listen on 127.0.0.1 with an OpenAI base URL ending in /v1', () => {
    expect(model.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('should stream reasoning, content, finish and usage to the openai client', async () => {
    const stream = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let reasoning = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let contentChunks = 0;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const delta = choice?.delta as
        | { content?: string; reasoning_content?: string }
        | undefined;
      if (delta?.content) contentChunks++;
      content += delta?.content ?? '';
      reasoning += delta?.reasoning_content ?? '';
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(content).toBe('The capital of France is Paris.');
    expect(contentChunks).toBe(6);
    expect(reasoning).toMatch(/^Scripted model: reading the request…/);
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBe(6);
    expect(usage?.total_tokens).toBe(
      (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0),
    );
    expect(model.requests.at(-1)).toMatchObject({ stream: true });
  });

  it('should leave out the usage chunk unless include_usage is set', async () => {
    const stream = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some(chunk => chunk.usage)).toBe(false);
  });

  it('should answer non-stream requests with message, reasoning and usage', async () => {
    const completion = await openai.chat.completions.create({
      model: 'janus-scripted',
      messages: [{ role: 'user', content: 'what is 12 * 7' }],
    });
    const message = completion.choices[0]
      ?.message as OpenAI.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    expect(message.content).toBe('12 * 7 = 84');
    expect(message.reasoning_content).toContain('knowledge');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.object).toBe('chat.completion');
  });

  it('should stream tool calls the openai client can merge', async () => {
    const runner = openai.chat.completions.stream({
      model: 'janus-scripted',
      messages: [
        { role: 'user', content: 'Write a program that prints squares' },
      ],
      tools: ['run_command', 'write_file', 'finish'].map(name => ({
        type: 'function' as const,
        function: { name, parameters: { type: 'object', properties: {} } },
      })),
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('write_file');
    const args = JSON.parse(
      call?.type === 'function' ? call.function.arguments : '{}',
    );
    expect(args.path).toBe('program.py');
  });

  it('should reply byte for byte the same to the same body', async () => {
    const body = JSON.stringify({
      model: 'janus-scripted',
      stream: true,
      messages: [{ role: 'user', content: '[[long 300]]' }],
    });
    const post = async () =>
      (
        await fetch(`${model.url}/chat/completions`, { method: 'POST', body })
      ).text();
    const [first, second] = await Promise.all([post(), post()]);
    expect(first).toBe(second);
    expect(first.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('should serve /health and /v1/models labelled as scripted', async () => {
    const health = await (
      await fetch(model.url.replace(/\/v1$/, '/health'))
    ).json();
    expect(health).toMatchObject({
      status: 'ok',
      llm: { mode: 'scripted', model: 'janus-scripted' },
    });
    const models = await openai.models.list();
    expect(models.data[0]).toMatchObject({
      id: 'janus-scripted',
      owned_by: 'janus-scripted',
    });
  });

  it('should answer HEAD, OPTIONS and wrong methods as the other Janus servers do', async () => {
    const base = model.url.replace(/\/v1$/, '');
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await fetch(`${model.url}/chat/completions`, {
      method: 'OPTIONS',
    });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST');
    const wrong = await fetch(`${model.url}/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await wrong.json()).error.code).toBe('method_not_allowed');
    const models = await fetch(`${model.url}/models`, { method: 'DELETE' });
    expect(models.status).toBe(405);
    expect(models.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('should answer [[fail]] with HTTP 500 and an OpenAI error body', async () => {
    const error = await openai.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: '[[fail]]' }] })
      .catch(caught => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(500);
    expect(error.message).toContain('[[fail]]');
  });

  it('should end a stream with an error event on [[error]] that the client raises', async () => {
    const stream = await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: '[[error]] now' }],
      stream: true,
    });
    let content = '';
    const error = await (async () => {
      for await (const chunk of stream)
        content += chunk.choices[0]?.delta.content ?? '';
    })().catch(caught => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(content).toBe('Starting an answer ');
    const nonStream = await openai.chat.completions
      .create({
        model: 'm',
        messages: [{ role: 'user', content: '[[error]]' }],
      })
      .catch(caught => caught);
    expect(nonStream.status).toBe(502);
  });

  it('should reject an invalid body with 400 and say which field', async () => {
    const response = await fetch(`${model.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [] }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'messages',
    });
    const notJson = await fetch(`${model.url}/chat/completions`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });
});

describe('createScriptedModel pace', () => {
  it('should delay the first token and space pieces by tokensPerSecond', async () => {
    await using model = Object.assign(
      await createScriptedModel({
        pace: { firstTokenDelayMs: 300, tokensPerSecond: 50 },
      }),
      { [Symbol.asyncDispose]: () => model.close() },
    );
    const openai = new OpenAI({
      baseURL: model.url,
      apiKey: 'k',
      maxRetries: 0,
    });
    const started = performance.now();
    const stream = await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: '[[long 20]]' }],
      stream: true,
    });
    let firstToken: number | undefined;
    let pieces = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        | { content?: string; reasoning_content?: string }
        | undefined;
      if (delta?.content || delta?.reasoning_content) {
        firstToken ??= performance.now() - started;
        pieces++;
      }
    }
    const total = performance.now() - started;
    // Lower bounds only: a loaded machine can be slower, never faster.
    expect(firstToken).toBeGreaterThanOrEqual(290);
    expect(total).toBeGreaterThanOrEqual(290 + (pieces - 1) * 20 - 10);
  });

  it('should stop producing when the client aborts', async () => {
    const model = await createScriptedModel({ pace: { tokensPerSecond: 0.2 } });
    try {
      const controller = new AbortController();
      const response = await model.fetch(
        new Request('http://scripted/v1/chat/completions', {
          method: 'POST',
          body: JSON.stringify({
            model: 'm',
            stream: true,
            messages: [{ role: 'user', content: 'hi' }],
          }),
          signal: controller.signal,
        }),
      );
      const reader = response.body!.getReader();
      await reader.read(); // role chunk
      await reader.read(); // first reasoning piece (due at once)
      const pending = reader.read(); // the next piece is 5 s away
      controller.abort();
      // The stream closes at once instead of waiting for the paced piece.
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    } finally {
      await model.close();
    }
  });

  it('should see the abort through a real socket when the openai client aborts', async () => {
    const handler = createScriptedModelHandler({
      pace: { tokensPerSecond: 2 },
    });
    let serverSawAbort!: () => void;
    const aborted = new Promise<void>(resolve => {
      serverSawAbort = resolve;
    });
    const server = await serveFetch({
      fetch: request => {
        request.signal.addEventListener('abort', () => serverSawAbort());
        return handler.fetch(request);
      },
    });
    try {
      const openai = new OpenAI({
        baseURL: `${server.url}/v1`,
        apiKey: 'k',
        maxRetries: 0,
      });
      const controller = new AbortController();
      const stream = await openai.chat.completions.create(
        {
          model: 'm',
          messages: [{ role: 'user', content: 'hello' }],
          stream: true,
        },
        { signal: controller.signal },
      );
      let seen = 0;
      await (async () => {
        for await (const _chunk of stream)
          if (++seen === 2) {
            controller.abort();
            break;
          }
      })().catch(() => {});
      expect(seen).toBe(2);
      // Resolves only if the Node adapter turned the socket close into an abort.
      await aborted;
    } finally {
      await server.close();
    }
  });
});
