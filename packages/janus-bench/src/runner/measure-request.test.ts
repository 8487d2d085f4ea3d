import { afterEach, describe, expect, it } from 'vitest';
import { requestMeasurementSchema } from '../report/report-schema';
import {
  createSseTestServer,
  type SseTestServer,
  type StreamScript,
  streamScript,
} from '../test/create-sse-test-server';
import { buildRequestBody, chatCompletionsUrl } from './build-request-body';
import { measureRequest } from './measure-request';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** One SSE `data:` event holding a chunk with this delta (or these fields). */
function chunk(
  delta: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
): string {
  const base = {
    id: 'x',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: delta === null ? [] : [{ index: 0, delta, finish_reason: null }],
  };
  return `data: ${JSON.stringify({ ...base, ...extra })}\n\n`;
}

/**
 * A `fetch` answering with an SSE body written step by step: a string is
 * sent as is, a number waits that many ms. Timing without a socket.
 */
function scriptedFetch(steps: readonly (string | number)[]): typeof fetch {
  return async () => {
    const encoder = new TextEncoder();
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        while (index < steps.length) {
          const step = steps[index++]!;
          if (typeof step === 'number') await sleep(step);
          else return controller.enqueue(encoder.encode(step));
        }
        controller.close();
      },
    });
    return new Response(body, {
      headers: { 'content-type': 'text/event-stream' },
    });
  };
}

function measureScripted(steps: readonly (string | number)[], body?: unknown) {
  return measureRequest({
    url: 'http://127.0.0.1:9/v1/chat/completions',
    body: body ?? { model: 'm', stream: true },
    timeoutMs: 5000,
    runStart: performance.now(),
    fetch: scriptedFetch(steps),
  });
}

const usageChunk = (completion: number) =>
  chunk(null, {
    usage: {
      prompt_tokens: 5,
      completion_tokens: completion,
      total_tokens: completion + 5,
    },
  });

let server: SseTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function measure(
  script:
    | StreamScript
    | ((
        body: Record<string, unknown>,
        response: import('node:http').ServerResponse,
      ) => void),
  timeoutMs = 5000,
) {
  server = await createSseTestServer((body, response) =>
    typeof script === 'function'
      ? script(body, response)
      : streamScript(body, response, script),
  );
  const task = {
    id: 't',
    category: 'chat',
    messages: [{ role: 'user' as const, content: 'hi' }],
    expected: {},
  };
  return measureRequest({
    url: chatCompletionsUrl(server.url),
    body: buildRequestBody({ task, model: 'm' }),
    timeoutMs,
    runStart: performance.now(),
  });
}

describe('measureRequest', () => {
  it('should always request usage and read token counts from it', async () => {
    const result = await measure({ pieces: ['a', 'b', 'c', 'd'], gapMs: 5 });
    expect(server!.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(result.ok).toBe(true);
    expect(result.content).toBe('abcd');
    expect(result.tokens_source).toBe('usage');
    expect(result.output_tokens).toBe(4);
    expect(result.token_events).toBe(4);
    expect(result.token_gaps_ms).toHaveLength(3);
    expect(result.tpot_ms).toBeCloseTo(
      (result.e2e_ms! - result.ttft_ms!) / 3,
      6,
    );
  });

  it('should not count the role-only chunk as the first token', async () => {
    const result = await measure({
      pieces: ['x', 'y'],
      firstTokenDelayMs: 120,
    });
    expect(result.ttft_ms).toBeGreaterThanOrEqual(110);
  });

  it('should time the first reasoning token as TTFT and the first content as TTFCT', async () => {
    const result = await measure({
      reasoning: ['thinking'],
      pieces: ['late', 'answer'],
      gapMs: 60,
    });
    expect(result.ttft_ms).not.toBeNull();
    expect(result.ttfct_ms! - result.ttft_ms!).toBeGreaterThanOrEqual(0);
    expect(result.reasoning).toBe('thinking');
  });

  it('should count keep-alives as events for gaps but not as tokens', async () => {
    const result = await measure({
      pieces: ['a', 'b'],
      gapMs: 20,
      keepAlives: 2,
    });
    expect(result.keep_alives).toBe(2);
    expect(result.token_events).toBe(2);
    // a, ping, ping, b, finish chunk, usage chunk, [DONE]
    expect(result.event_gaps_ms).toHaveLength(6);
  });

  it('should start the clock (t0) after the body is serialised, not before', async () => {
    // Serialising a large body (inline base64 images) is client work: it
    // must not count as the server's time to first token.
    const slowBody = {
      toJSON() {
        const until = performance.now() + 80;
        while (performance.now() < until) {
          // Busy: a synchronous serialisation cost.
        }
        return { model: 'm', stream: true };
      },
    };
    const result = await measureScripted(
      [chunk({ content: 'hi' }), usageChunk(1), 'data: [DONE]\n\n'],
      slowBody,
    );
    expect(result.ok).toBe(true);
    expect(result.ttft_ms).toBeLessThan(60);
  });

  it.each(['reasoning_content', 'reasoning'])(
    'should start TTFT at the first %s token and TTFCT at the first content',
    async field => {
      const result = await measureScripted([
        chunk({ role: 'assistant' }),
        chunk({ [field]: 'thinking' }),
        120,
        chunk({ content: 'answer' }),
        usageChunk(2),
        'data: [DONE]\n\n',
      ]);
      expect(result.ok).toBe(true);
      expect(result.reasoning).toBe('thinking');
      expect(result.ttfct_ms! - result.ttft_ms!).toBeGreaterThanOrEqual(100);
      expect(result.e2e_ms).toBe(result.ttfct_ms);
    },
  );

  it('should not start TTFT at a role chunk, empty delta, keep-alive or Janus event', async () => {
    const result = await measureScripted([
      chunk({ role: 'assistant', content: '' }),
      ': ping\n\n',
      chunk({}),
      chunk({ content: null }),
      chunk({ tool_calls: [] }),
      chunk(
        {},
        { janus: { event: 'sandbox_start', payload: { sandbox_id: 's' } } },
      ),
      120,
      chunk({ content: 'first' }),
      usageChunk(1),
      'data: [DONE]\n\n',
    ]);
    expect(result.ok).toBe(true);
    expect(result.ttft_ms).toBeGreaterThanOrEqual(100);
    expect(result.token_events).toBe(1);
    // The wait before the first token is TTFT, never an event gap.
    expect(result.max_event_gap_ms).toBeLessThan(100);
  });

  it('should count a stall before [DONE] as an event gap, and end E2E at the last token', async () => {
    const result = await measureScripted([
      chunk({ content: 'a' }),
      chunk({ content: 'b' }),
      chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      usageChunk(2),
      150,
      'data: [DONE]\n\n',
    ]);
    expect(result.ok).toBe(true);
    // b, finish, usage, [DONE]: the last gap is the stall.
    expect(result.event_gaps_ms).toHaveLength(4);
    expect(result.max_event_gap_ms).toBeGreaterThanOrEqual(140);
    expect(result.close_ms! - result.e2e_ms!).toBeGreaterThanOrEqual(140);
    expect(result.data_events).toBe(4);
  });

  it('should divide by server output tokens for TPOT, not by chunks', async () => {
    // Two chunks carrying 11 tokens in all (multi-token chunks).
    const result = await measureScripted([
      chunk({ content: 'one two three four five ' }),
      50,
      chunk({ content: 'six seven eight nine ten eleven' }),
      usageChunk(11),
      'data: [DONE]\n\n',
    ]);
    expect(result.tokens_source).toBe('usage');
    expect(result.output_tokens).toBe(11);
    expect(result.token_gaps_ms).toHaveLength(1);
    expect(result.tpot_ms).toBeCloseTo(
      (result.e2e_ms! - result.ttft_ms!) / 10,
      9,
    );
  });

  it('should estimate tokens without usage over content, reasoning and tool calls', async () => {
    const result = await measureScripted([
      chunk({ reasoning_content: 'abcdefgh' }),
      chunk({ content: 'ijklmnop' }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: 'c',
            type: 'function',
            function: { name: 'fn', arguments: '{}' },
          },
        ],
      }),
      'data: [DONE]\n\n',
    ]);
    expect(result.ok).toBe(true);
    expect(result.tokens_source).toBe('estimated');
    expect(result.usage).toBeNull();
    // (8 + 8 + 4) chars / 4, never the 3 chunks.
    expect(result.output_tokens).toBe(5);
  });

  it('should estimate tokens and flag them when the server sends no usage', async () => {
    const result = await measure({
      pieces: ['hello ', 'world, this is text'],
      usage: false,
    });
    expect(result.ok).toBe(true);
    expect(result.tokens_source).toBe('estimated');
    expect(result.output_tokens).toBe(
      Math.round('hello world, this is text'.length / 4),
    );
  });

  it.each([
    [{ prompt_tokens: 5, completion_tokens: 7 }, 'usage', 12, 7],
    // The server's output count is used; the total stays unknown, not 7.
    [{ completion_tokens: 7 }, 'usage', null, 7],
    // No output count: estimated from the text ('hello there', 11 / 4).
    [{ prompt_tokens: 5 }, 'estimated', null, 3],
  ])(
    'should not record 0 total tokens for usage %j without total_tokens',
    async (usage, source, total, output) => {
      const result = await measure((body, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const base = {
          id: 'x',
          object: 'chat.completion.chunk',
          created: 1,
          model: String(body.model),
        };
        const delta = { content: 'hello there' };
        const answer = { ...base, choices: [{ index: 0, delta }] };
        const last = { ...base, choices: [], usage };
        response.end(
          `data: ${JSON.stringify(answer)}\n\ndata: ${JSON.stringify(last)}\n\ndata: [DONE]\n\n`,
        );
      });
      expect(result.ok).toBe(true);
      expect(result.tokens_source).toBe(source);
      expect(result.usage?.total_tokens ?? null).toBe(total);
      expect(result.output_tokens).toBe(output);
    },
  );

  it.each([
    // A total that is not a number: prompt + completion instead.
    [
      { prompt_tokens: 5, completion_tokens: 3, total_tokens: '8' },
      { source: 'usage', output: 3, total: 8, cost: null, sandbox: null },
    ],
    // Cost and sandbox time that are not non-negative numbers: unknown.
    [
      {
        prompt_tokens: 5,
        completion_tokens: 3,
        total_tokens: 8,
        cost_usd: '0.01',
        sandbox_seconds: -2,
      },
      { source: 'usage', output: 3, total: 8, cost: null, sandbox: null },
    ],
    // An output count that is not a count: as without usage (estimated).
    [
      { prompt_tokens: 5, completion_tokens: '3', total_tokens: 8 },
      {
        source: 'estimated',
        output: 3,
        total: null,
        cost: null,
        sandbox: null,
      },
    ],
    [
      { prompt_tokens: 5, completion_tokens: -1, total_tokens: 4 },
      {
        source: 'estimated',
        output: 3,
        total: null,
        cost: null,
        sandbox: null,
      },
    ],
  ])(
    'should only take non-negative numbers from usage %j (the hot path does not validate)',
    async (usage, expected) => {
      const result = await measureScripted([
        chunk({ content: 'hello there' }),
        chunk(null, { usage }),
        'data: [DONE]\n\n',
      ]);
      expect(result.ok).toBe(true);
      expect(result.tokens_source).toBe(expected.source);
      expect(result.output_tokens).toBe(expected.output);
      expect(result.usage?.total_tokens ?? null).toBe(expected.total);
      expect(result.usage?.cost_usd ?? null).toBe(expected.cost);
      expect(result.usage?.sandbox_seconds ?? null).toBe(expected.sandbox);
      // The record survives the report's own schema after a JSON round trip.
      expect(() =>
        requestMeasurementSchema.parse(JSON.parse(JSON.stringify(result))),
      ).not.toThrow();
    },
  );

  it.each(['null', '42', '"text"', '[1]'])(
    'should report a data event %s that is not a chunk object as an invalid response, not a connection error',
    async data => {
      const result = await measureScripted([
        chunk({ content: 'hi' }),
        `data: ${data}\n\n`,
        usageChunk(1),
        'data: [DONE]\n\n',
      ]);
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({ kind: 'invalid_response' });
      expect(result.error!.message).toContain('not a chat completion chunk');
      // The rest of the stream was still read.
      expect(result.done).toBe(true);
      expect(result.content).toBe('hi');
    },
  );

  it('should report a tool call delta that is not an object as an invalid response', async () => {
    const result = await measureScripted([
      chunk({ tool_calls: [null] }),
      chunk({ content: 'hi' }),
      usageChunk(1),
      'data: [DONE]\n\n',
    ]);
    expect(result.error).toMatchObject({ kind: 'invalid_response' });
    expect(result.done).toBe(true);
  });

  it('should assemble streamed tool calls', async () => {
    const result = await measure({
      toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    expect(result.tool_calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    expect(result.ttfct_ms).not.toBeNull();
  });

  it('should not double a tool call name that every fragment repeats', async () => {
    const fragment = (args: string, id?: string) =>
      chunk({
        tool_calls: [
          {
            index: 0,
            ...(id ? { id, type: 'function' as const } : {}),
            function: { name: 'get_weather', arguments: args },
          },
        ],
      });
    const result = await measureScripted([
      fragment('{"city":', 'call_1'),
      fragment('"Paris"}'),
      'data: [DONE]\n\n',
    ]);
    expect(result.tool_calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('should assemble tool calls whose fragments lack index (Ollama, Gemini)', async () => {
    const result = await measureScripted([
      chunk({
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":' },
          },
        ],
      }),
      chunk({ tool_calls: [{ function: { arguments: '"Paris"}' } }] }),
      chunk({
        tool_calls: [
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'get_time', arguments: '{}' },
          },
        ],
      }),
      'data: [DONE]\n\n',
    ]);
    expect(result.ok).toBe(true);
    expect(result.tool_calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_2', name: 'get_time', arguments: '{}' },
    ]);
  });

  it('should report an error event mid-stream as a failure, keeping the partial output', async () => {
    const result = await measure({ pieces: ['a', 'b', 'c'], errorAfter: 2 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({
      kind: 'stream_error',
      message: 'boom',
    });
    expect(result.content).toBe('ab');
  });

  it('should report an HTTP error with the OpenAI error message', async () => {
    const result = await measure((_body, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: 'scripted failure',
            type: 'server_error',
            param: null,
            code: null,
          },
        }),
      );
    });
    expect(result).toMatchObject({
      ok: false,
      http_status: 500,
      error: { kind: 'http_error', status: 500 },
    });
    expect(result.error!.message).toContain('scripted failure');
  });

  it('should report a 2xx answer that is not an event stream as an invalid response naming its content type', async () => {
    const result = await measure((_body, response) => {
      // A server that ignores `stream: true` and answers one JSON completion.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'chat.completion',
          choices: [{ message: { content: 'Paris' } }],
        }),
      );
    });
    expect(result).toMatchObject({
      ok: false,
      http_status: 200,
      error: { kind: 'invalid_response' },
    });
    expect(result.error!.message).toMatch(
      /^Expected text\/event-stream, got application\/json \(stream: true was ignored\?\): \{"object":"chat.completion"/,
    );
  });

  it('should fold the line breaks of a body quoted in an error message', async () => {
    const result = await measure((_body, response) => {
      // An event stream sent with the wrong content type.
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`${chunk({ role: 'assistant' })}data: [DONE]\n\n`);
    });
    expect(result.error!.kind).toBe('invalid_response');
    expect(result.error!.message).toMatch(
      /^Expected text\/event-stream, got text\/plain \(stream: true was ignored\?\): data: \{"id":"x".* data: \[DONE\]$/,
    );
    expect(result.error!.message).not.toContain('\n');
  });

  it('should time out a stalled stream', async () => {
    const result = await measure(
      { pieces: ['a', 'b', 'c'], stallAfter: 1 },
      300,
    );
    expect(result.ok).toBe(false);
    expect(result.error!.kind).toBe('timeout');
    expect(result.content).toBe('a');
  });

  // Node's fetch (undici) ends a request itself after 300 s without response
  // headers or without body bytes, whatever `--timeout` says. These are the
  // shapes of its errors: a rejected fetch, or a body read that fails.
  const undiciError = (code: string) =>
    new TypeError(
      code === 'UND_ERR_BODY_TIMEOUT' ? 'terminated' : 'fetch failed',
      {
        cause: Object.assign(new Error('Timeout Error'), { code }),
      },
    );

  it('should count Node fetch giving up on response headers as a timeout, not a connection error', async () => {
    const result = await measureRequest({
      url: 'http://127.0.0.1:9/v1/chat/completions',
      body: {},
      timeoutMs: 600_000,
      runStart: performance.now(),
      fetch: async () => {
        throw undiciError('UND_ERR_HEADERS_TIMEOUT');
      },
    });
    expect(result.error).toMatchObject({ kind: 'timeout' });
    expect(result.error!.message).toContain('no response headers');
  });

  it('should count Node fetch giving up on a silent body as a timeout, not a stream error', async () => {
    const encoder = new TextEncoder();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(undiciError('UND_ERR_BODY_TIMEOUT'));
        sent = true;
        controller.enqueue(encoder.encode(chunk({ content: 'a' })));
      },
    });
    const result = await measureRequest({
      url: 'http://127.0.0.1:9/v1/chat/completions',
      body: {},
      timeoutMs: 600_000,
      runStart: performance.now(),
      fetch: async () =>
        new Response(body, {
          headers: { 'content-type': 'text/event-stream' },
        }),
    });
    expect(result.error).toMatchObject({ kind: 'timeout' });
    expect(result.error!.message).toContain('no body bytes');
    expect(result.content).toBe('a');
  });

  it('should report a stream that ends without [DONE]', async () => {
    const result = await measure({ pieces: ['a'], noDone: true });
    expect(result.error!.kind).toBe('unexpected_end');
  });

  it('should finish at [DONE] even if the server keeps the body open', async () => {
    const result = await measure((body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = {
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: String(body.model),
        choices: [
          { index: 0, delta: { content: 'hi' }, finish_reason: 'stop' },
        ],
      };
      response.write(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
    }, 10_000);
    expect(result.ok).toBe(true);
    expect(result.close_ms).toBeLessThan(5000);
  });

  it('should report an empty stream as a failure', async () => {
    const result = await measure({ pieces: [] });
    expect(result.ok).toBe(false);
    expect(result.error!.kind).toBe('empty_response');
  });

  it('should count a stream cut by the run being aborted (Ctrl-C) as aborted, not a stream error', async () => {
    server = await createSseTestServer((body, response) =>
      streamScript(body, response, { pieces: ['a', 'b'], stallAfter: 1 }),
    );
    const run = new AbortController();
    const result = await measureRequest({
      url: chatCompletionsUrl(server.url),
      body: { model: 'm', stream: true },
      timeoutMs: 10_000,
      runStart: performance.now(),
      signal: run.signal,
      // The response has arrived and its body is streaming: Ctrl-C now.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        run.abort();
        return response;
      },
    });
    expect(result.error).toEqual({
      kind: 'aborted',
      message: 'The run was aborted',
      status: null,
    });
  });

  it('should report a refused connection', async () => {
    const result = await measureRequest({
      url: 'http://127.0.0.1:1/v1/chat/completions',
      body: {},
      timeoutMs: 2000,
      runStart: 0,
    });
    expect(result.error!.kind).toBe('connect_error');
  });
});
