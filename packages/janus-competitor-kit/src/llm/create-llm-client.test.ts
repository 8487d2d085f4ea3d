import { isAbortError, TimeoutError, UpstreamError } from '@janus/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createTestServer } from '../testing/create-test-server';
import { TestResponseController } from '../testing/test-response-controller';
import { createLlmClient } from './create-llm-client';

const baseURL = 'https://llm.test/v1';
const url = `${baseURL}/chat/completions`;
const chunk = (
  delta: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
const usageChunk = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000 } })}\n\n`;
const okStream = {
  type: 'stream-chunks' as const,
  chunks: [
    chunk({ role: 'assistant' }),
    chunk({ content: 'Hi' }),
    usageChunk,
    'data: [DONE]\n\n',
  ],
};

const server = createTestServer({ [url]: { response: okStream } });
const messages = [{ role: 'user' as const, content: 'hello' }];

/**
 * A fetch answering from a controlled stream directly (no msw layer), so
 * the test sees the client's cancel at once.
 */
function controlledFetch(controller: TestResponseController): typeof fetch {
  return async () =>
    new Response(controller.createStream(), {
      headers: { 'content-type': 'text/event-stream' },
    });
}

async function collect(iterable: AsyncIterable<unknown>) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('createLlmClient', () => {
  const llm = createLlmClient({
    baseURL,
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    retry: 2,
  });

  it('should stream validated chunks and price the usage', async () => {
    const chunks = await collect(
      llm.streamChat({
        request: { messages, metadata: { routing_decision: 'fast' } },
      }),
    );
    expect(chunks).toHaveLength(3);
    expect(chunks[2]).toMatchObject({
      usage: { total_tokens: 3000, cost_usd: 0.00135 },
    });
    const call = server.calls[0];
    expect(call?.requestHeaders.authorization).toBe('Bearer sk-test');
    expect(call?.requestBodyJson).toEqual({
      messages,
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('should retry 503 before the first byte, with backoff', async () => {
    server.urls[url].response = [{ type: 'error', status: 503 }, okStream];
    const chunks = await collect(llm.streamChat({ request: { messages } }));
    expect(chunks).toHaveLength(3);
    expect(server.calls).toHaveLength(2);
  });

  it('should not retry a 400 and report it as UpstreamError with the upstream message', async () => {
    server.urls[url].response = {
      type: 'error',
      status: 400,
      body: {
        error: { message: 'bad temperature', type: 'invalid_request_error' },
      },
    };
    const error = await collect(
      llm.streamChat({ request: { messages } }),
    ).catch(caught => caught);
    expect(UpstreamError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('bad temperature');
    expect(server.calls).toHaveLength(1);
  });

  it('should raise an in-stream error event and never retry after the first byte', async () => {
    server.urls[url].response = {
      type: 'stream-chunks',
      chunks: [
        chunk({ content: 'par' }),
        'data: {"error":{"message":"overloaded","type":"api_error"}}\n\n',
      ],
    };
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of llm.streamChat({ request: { messages } }))
        seen.push(item);
    })().catch(caught => caught);
    expect(seen).toHaveLength(1);
    expect(error.message).toContain('overloaded');
    expect(server.calls).toHaveLength(1);
  });

  it('should report a request body that cannot be serialised as invalid_request, sending nothing', async () => {
    // Deep enough to overflow JSON.stringify's stack (a client's unknown field).
    let deep: Record<string, unknown> = {};
    for (let depth = 0; depth < 200_000; depth++) deep = { nested: deep };
    const request = { messages, deep } as Parameters<
      typeof llm.complete
    >[0]['request'];
    for (const call of [
      () => llm.complete({ request }),
      () => collect(llm.streamChat({ request })),
    ]) {
      const error = await call().catch(caught => caught);
      expect(UpstreamError.isInstance(error)).toBe(false);
      expect(error).toMatchObject({
        code: 'invalid_request',
        message: expect.stringMatching(
          /^The LLM request body cannot be serialised as JSON: Maximum call stack size exceeded/,
        ),
      });
    }
    expect(server.calls).toHaveLength(0);
  });

  it('should time out waiting for the first byte', async () => {
    const stalled = createLlmClient({
      baseURL,
      model: 'm',
      retry: 0,
      timeoutMs: 50,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(init.signal?.reason),
          );
        }),
    });
    const error = await collect(
      stalled.streamChat({ request: { messages } }),
    ).catch(caught => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.phase).toBe('first_byte');
  });

  it('should time out when the stream goes idle and cancel the upstream', async () => {
    const controller = new TestResponseController();
    controller.write(chunk({ content: 'a' }));
    const idle = createLlmClient({
      baseURL,
      model: 'm',
      timeoutMs: { idle: 100 },
      fetch: controlledFetch(controller),
    });
    const error = await collect(
      idle.streamChat({ request: { messages } }),
    ).catch(caught => caught);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('idle');
    await vi.waitFor(() => expect(controller.isCancelled).toBe(true));
  });

  it('should enforce the total timeout on a stream that keeps trickling', async () => {
    const controller = new TestResponseController();
    controller.write(chunk({ content: 'a' }));
    const timer = setInterval(
      () => controller.write(chunk({ content: 'b' })),
      20,
    );
    try {
      const total = createLlmClient({
        baseURL,
        model: 'm',
        timeoutMs: { total: 200, idle: 10_000 },
        fetch: controlledFetch(controller),
      });
      const error = await collect(
        total.streamChat({ request: { messages } }),
      ).catch(caught => caught);
      expect(TimeoutError.isInstance(error) && error.phase).toBe('total');
    } finally {
      clearInterval(timer);
    }
  });

  it('should abort the upstream when the signal aborts', async () => {
    const controller = new TestResponseController();
    controller.write(chunk({ content: 'a' }));
    const abort = new AbortController();
    const direct = createLlmClient({
      baseURL,
      model: 'm',
      fetch: controlledFetch(controller),
    });
    const error = await (async () => {
      for await (const _item of direct.streamChat({
        request: { messages },
        signal: abort.signal,
      }))
        abort.abort();
      controller.write(chunk({ content: 'b' }));
    })().catch(caught => caught);
    expect(error === undefined || isAbortError(error)).toBe(true);
    await vi.waitFor(() => expect(controller.isCancelled).toBe(true));
  });

  it('should accept what OpenAI-compatible servers leave out: id, object, created, total_tokens', async () => {
    // OpenVINO Model Server sends no `id`, TensorRT-Edge-LLM no `object`.
    const sparse = (body: Record<string, unknown>) =>
      `data: ${JSON.stringify(body)}\n\n`;
    server.urls[url].response = {
      type: 'stream-chunks',
      chunks: [
        sparse({
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, delta: { content: 'Hi' } }],
        }),
        sparse({ id: 'c1', choices: [{ index: 0, delta: { content: '!' } }] }),
        sparse({
          choices: [],
          usage: { prompt_tokens: 1000, completion_tokens: 2000 },
        }),
        'data: [DONE]\n\n',
      ],
    };
    const chunks = (await collect(
      llm.streamChat({ request: { messages } }),
    )) as { choices: { delta: { content?: string } }[]; usage?: unknown }[];
    expect(chunks.map(c => c.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hi!',
    );
    expect(chunks[2]?.usage).toMatchObject({
      total_tokens: 3000,
      cost_usd: 0.00135,
    });
    server.urls[url].response = {
      type: 'json-value',
      body: {
        choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10 },
      },
    };
    const completion = await llm.complete({ request: { messages } });
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hi',
    });
    expect(completion.usage).toMatchObject({ total_tokens: 20 });
    server.urls[url].response = okStream;
  });

  it('should complete non-stream requests with priced usage', async () => {
    server.urls[url].response = {
      type: 'json-value',
      body: {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hi' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      },
    };
    const completion = await llm.complete({ request: { messages } });
    expect(completion.usage?.cost_usd).toBeCloseTo(0.0000075, 12);
    expect(
      createLlmClient({ baseURL, model: 'unknown-model' }).priceUsage({
        prompt_tokens: 1,
        completion_tokens: 1,
        total_tokens: 2,
      }).cost_usd,
    ).toBeUndefined();
    const overridden = createLlmClient({
      baseURL,
      model: 'mine',
      prices: { mine: { inputPerMillion: 1e6, outputPerMillion: 0 } },
    });
    expect(
      overridden.priceUsage({
        prompt_tokens: 2,
        completion_tokens: 5,
        total_tokens: 7,
      }).cost_usd,
    ).toBe(2);
  });
});
