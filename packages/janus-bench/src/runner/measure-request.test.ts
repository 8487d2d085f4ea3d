import { afterEach, describe, expect, it } from 'vitest';
import {
  createSseTestServer,
  type SseTestServer,
  type StreamScript,
  streamScript,
} from '../test/create-sse-test-server';
import { buildRequestBody, chatCompletionsUrl } from './build-request-body';
import { measureRequest } from './measure-request';

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
    // a, ping, ping, b, finish chunk, usage chunk
    expect(result.event_gaps_ms).toHaveLength(5);
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
    [{ prompt_tokens: 5, completion_tokens: 3 }, 'usage', 8],
    [{ completion_tokens: 3 }, 'estimated', null],
  ])(
    'should not record 0 total tokens for usage %j without total_tokens',
    async (usage, source, total) => {
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
    },
  );

  it('should assemble streamed tool calls', async () => {
    const result = await measure({
      toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    expect(result.tool_calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    expect(result.ttfct_ms).not.toBeNull();
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

  it('should time out a stalled stream', async () => {
    const result = await measure(
      { pieces: ['a', 'b', 'c'], stallAfter: 1 },
      300,
    );
    expect(result.ok).toBe(false);
    expect(result.error!.kind).toBe('timeout');
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
