import {
  type ChatCompletionChunk,
  competitorHealthSchema,
  encodeSseData,
  modelListSchema,
  parseChatCompletionStream,
  UpstreamError,
} from '@janus/protocol';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger/logger';
import { type CompetitorOptions, createCompetitor } from './create-competitor';

const artifact = {
  id: 'artf_abc123',
  type: 'file' as const,
  mime_type: 'text/plain',
  display_name: 'out.txt',
  size_bytes: 3,
  sha256: 'a'.repeat(64),
  created_at: '2026-01-01T00:00:00.000Z',
  ttl_seconds: 3600,
  url: '/artifacts/artf_abc123',
};

function competitor(
  handle: CompetitorOptions['handle'],
  extra: Partial<CompetitorOptions> = {},
) {
  return createCompetitor({
    id: 'test',
    name: 'Test',
    handle,
    logger: silentLogger,
    ...extra,
  });
}

function post(body: Record<string, unknown>, init: RequestInit = {}): Request {
  return new Request('http://competitor.test/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'test',
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
    ...init,
  });
}

async function readParts(response: Response) {
  const parts = [];
  for await (const part of parseChatCompletionStream(response, {
    keepAlives: true,
  }))
    parts.push(part);
  return parts;
}

const fullHandler: CompetitorOptions['handle'] = async (_request, stream) => {
  stream.reasoning('thinking ');
  stream.event('status', { message: 'working' });
  stream.content('Hello');
  stream.content(' world');
  stream.artifacts([artifact]);
  stream.usage({ prompt_tokens: 3, completion_tokens: 2, cost_usd: 0.1 });
  stream.usage({ sandbox_seconds: 1.5, cost_usd: 0.2 });
};

describe('createCompetitor', () => {
  it('should serve /health and /v1/models in protocol shape', async () => {
    const app = competitor(() => {}, {
      llm: { mode: 'scripted', model: 'janus-scripted' },
      health: () => ({ sandbox_available: false }),
      description: 'for tests',
    });
    const health = await (
      await app.fetch(new Request('http://c/health'))
    ).json();
    expect(competitorHealthSchema.parse(health)).toMatchObject({
      status: 'ok',
      id: 'test',
      llm: { mode: 'scripted' },
      sandbox_available: false,
      in_flight: 0,
    });
    const models = modelListSchema.parse(
      await (await app.fetch(new Request('http://c/v1/models'))).json(),
    );
    expect(models.data[0]).toMatchObject({
      id: 'test',
      janus: { name: 'Test', llm_mode: 'scripted' },
    });
    expect((await app.fetch(new Request('http://c/nope'))).status).toBe(404);
  });

  it('should report degraded on /health while the LLM is unavailable, keeping a worse status', async () => {
    const read = async (fields: Record<string, unknown>) =>
      competitorHealthSchema.parse(
        await (
          await competitor(() => {}, { health: () => fields }).fetch(
            new Request('http://c/health'),
          )
        ).json(),
      );
    expect(
      await read({ llm_available: false, llm_error: 'LLM is unreachable' }),
    ).toMatchObject({
      status: 'degraded',
      llm_available: false,
      llm_error: 'LLM is unreachable',
    });
    expect(
      await read({
        status: 'ok',
        sandbox_available: true,
        llm_available: false,
      }),
    ).toMatchObject({ status: 'degraded' });
    expect(await read({ status: 'down', llm_available: false })).toMatchObject({
      status: 'down',
    });
    expect(await read({ llm_available: true })).toMatchObject({
      status: 'ok',
    });
  });

  it('should answer HEAD on GET routes with the GET status and headers and no body', async () => {
    const app = competitor(() => {});
    for (const path of ['/health', '/v1/models', '/models']) {
      const response = await app.fetch(
        new Request(`http://c${path}`, { method: 'HEAD' }),
      );
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain(
        'application/json',
      );
      expect(response.body).toBeNull();
    }
  });

  it('should stream role first, then the writes, finish, usage and [DONE] last', async () => {
    const response = await competitor(fullHandler).fetch(
      post({ stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const parts = await readParts(response);
    const chunks = parts.flatMap(part =>
      part.type === 'data' ? [part.value] : [],
    );
    const deltas = chunks.map(chunk => chunk.choices[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant' });
    expect(deltas.slice(1, 6)).toEqual([
      { reasoning_content: 'thinking ' },
      { janus: { event: 'status', payload: { message: 'working' } } },
      { content: 'Hello' },
      { content: ' world' },
      { janus: { event: 'artifacts', payload: { items: [artifact] } } },
    ]);
    expect(chunks[6]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[7]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 2,
        total_tokens: 5,
        cost_usd: 0.3,
        sandbox_seconds: 1.5,
      },
    });
    expect(parts.at(-1)).toEqual({ type: 'done' });
    expect(new Set(chunks.map(chunk => chunk.id)).size).toBe(1);
  });

  it('should frame every chunk exactly as encodeSseData does', async () => {
    const app = competitor((_request, stream) => {
      stream.content('quotes " and \\ and ünïcödé \n newline');
      stream.toolCall({ id: 'call_1', name: 'f', arguments: { a: [1, '2'] } });
      stream.event('tool_end', {
        name: 'f',
        ok: true,
        output: { nested: true },
      });
    });
    const text = await (
      await app.fetch(
        post({ stream: true, stream_options: { include_usage: true } }),
      )
    ).text();
    const frames = text
      .split('\n\n')
      .filter(frame => frame.startsWith('data: {'));
    expect(frames.length).toBe(6);
    for (const frame of frames)
      expect(`${frame}\n\n`).toBe(encodeSseData(JSON.parse(frame.slice(6))));
  });

  it('should leave the usage chunk out without include_usage', async () => {
    const parts = await readParts(
      await competitor(fullHandler).fetch(post({ stream: true })),
    );
    expect(parts.some(part => part.type === 'data' && part.value.usage)).toBe(
      false,
    );
  });

  it('should answer non-stream requests by accumulating the same stream', async () => {
    const response = await competitor(fullHandler).fetch(post({}));
    const completion = await response.json();
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'test',
      choices: [
        {
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: 'Hello world',
            reasoning_content: 'thinking ',
            artifacts: [artifact],
          },
        },
      ],
      usage: { total_tokens: 5, sandbox_seconds: 1.5 },
    });
    expect(completion.choices[0].message.janus_events).toHaveLength(2);
  });

  it('should finish with tool_calls after tool calls', async () => {
    const app = competitor((_request, stream) => {
      stream.toolCall({ name: 'lookup', arguments: { q: 'x' } });
    });
    const completion = await (await app.fetch(post({}))).json();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        tool_calls: [
          {
            type: 'function',
            function: { name: 'lookup', arguments: '{"q":"x"}' },
          },
        ],
      },
    });
  });

  it('should ignore writes after finish() (stream and non-stream), but still count usage', async () => {
    const app = competitor((_request, stream) => {
      stream.content('cut');
      stream.finish('length');
      stream.content('after finish');
      stream.reasoning('late reasoning');
      stream.event('status', { message: 'late' });
      stream.toolCall({ name: 'late', arguments: {} });
      stream.toolCallDelta({ index: 0, function: { arguments: '{}' } });
      stream.artifacts([artifact]);
      stream.finish('stop');
      stream.usage({ prompt_tokens: 1, completion_tokens: 2 });
    });
    const parts = await readParts(
      await app.fetch(
        post({ stream: true, stream_options: { include_usage: true } }),
      ),
    );
    const chunks = parts.flatMap(part =>
      part.type === 'data' ? [part.value] : [],
    );
    expect(chunks.map(chunk => chunk.choices[0] ?? 'usage')).toEqual([
      { index: 0, delta: { role: 'assistant' }, finish_reason: null },
      { index: 0, delta: { content: 'cut' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'length' },
      'usage',
    ]);
    expect(chunks[3]?.usage?.total_tokens).toBe(3);
    const completion = await (await app.fetch(post({}))).json();
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.choices[0].message).toEqual({
      role: 'assistant',
      content: 'cut',
    });
    expect(completion.usage.total_tokens).toBe(3);
  });

  it('should answer an error thrown before the first byte with its HTTP status', async () => {
    const app = competitor(async () => {
      throw new UpstreamError({ message: 'LLM is down', statusCode: 503 });
    });
    for (const stream of [true, false]) {
      const response = await app.fetch(post({ stream }));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: {
          message: 'LLM is down',
          type: 'api_error',
          param: null,
          code: 'upstream_unavailable',
        },
      });
    }
    const hidden = await competitor(() => {
      throw new Error('secret detail');
    }).fetch(post({}));
    expect(hidden.status).toBe(500);
    expect(JSON.stringify(await hidden.json())).not.toContain('secret');
  });

  it('should end a started stream with one error event and [DONE]', async () => {
    const app = competitor(async (_request, stream) => {
      stream.content('partial');
      throw new UpstreamError({ message: 'upstream broke', statusCode: 502 });
    });
    const parts = await readParts(await app.fetch(post({ stream: true })));
    expect(parts.filter(part => part.type === 'data')).toHaveLength(2);
    const error = parts.find(part => part.type === 'error');
    expect(error?.type === 'error' && error.error.message).toContain(
      'upstream broke',
    );
  });

  it('should turn stream.error() before any write into an HTTP error', async () => {
    const app = competitor((_request, stream) => {
      stream.error(
        new UpstreamError({ message: 'rate limited', statusCode: 429 }),
      );
    });
    expect((await app.fetch(post({ stream: true }))).status).toBe(429);
  });

  it('should reject invalid bodies with 400 and the field', async () => {
    const app = competitor(() => {});
    const response = await app.fetch(post({ messages: [], temperature: 5 }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.param).toBe('messages');
    const notJson = await app.fetch(
      new Request('http://c/v1/chat/completions', {
        method: 'POST',
        body: '{oops',
      }),
    );
    expect(notJson.status).toBe(400);
  });

  it('should refuse n > 1 with 400 on n instead of silently answering one choice', async () => {
    const handle = vi.fn(async (_request, stream) => stream.content('one'));
    const app = competitor(handle);
    const many = await app.fetch(post({ n: 2 }));
    expect(many.status).toBe(400);
    expect((await many.json()).error).toMatchObject({
      code: 'invalid_request',
      param: 'n',
    });
    expect(handle).not.toHaveBeenCalled();
    const one = await app.fetch(post({ n: 1 }));
    expect(one.status).toBe(200);
    expect((await one.json()).choices).toHaveLength(1);
  });

  it('should send pings while a busy handler is silent', async () => {
    const app = competitor(
      async (_request, stream) => {
        stream.content('start');
        await new Promise(resolve => setTimeout(resolve, 450));
        stream.content('end');
      },
      { heartbeatMs: 100 },
    );
    const parts = await readParts(await app.fetch(post({ stream: true })));
    const pings = parts.filter(part => part.type === 'keep-alive');
    expect(pings.length).toBeGreaterThanOrEqual(2);
    const kinds = parts.map(part => part.type);
    expect(kinds.indexOf('keep-alive')).toBeGreaterThan(kinds.indexOf('data'));
  });

  it('should commit headers and ping when the handler is silent from the start', async () => {
    const app = competitor(
      async (_request, stream) => {
        await new Promise(resolve => setTimeout(resolve, 300));
        stream.content('late');
      },
      { heartbeatMs: 100 },
    );
    const parts = await readParts(await app.fetch(post({ stream: true })));
    const first = parts[0];
    expect(first?.type === 'data' && first.value.choices[0]?.delta).toEqual({
      role: 'assistant',
    });
    expect(parts.some(part => part.type === 'keep-alive')).toBe(true);
    expect(parts.at(-1)).toEqual({ type: 'done' });
  });

  it('should abort, return() a generator handler and run cleanups on disconnect', async () => {
    const events: string[] = [];
    let signal!: AbortSignal;
    const app = competitor(async function* (_request, _stream, context) {
      signal = context.signal;
      context.onCleanup(() => {
        events.push('cleanup');
      });
      try {
        for (let index = 0; ; index++) {
          yield `piece ${index} `;
          await new Promise(resolve => setTimeout(resolve, 5));
        }
      } finally {
        events.push('generator finally');
      }
    });
    const response = await app.fetch(post({ stream: true }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(signal.aborted).toBe(true);
    expect(events).toContain('cleanup');
    // The generator finishes at its next `yield`, after its 5 ms sleep.
    await vi.waitFor(() => expect(events).toContain('generator finally'), {
      timeout: 5000,
    });
  });

  it('should hold a generator handler back while the client does not read', async () => {
    let produced = 0;
    const app = competitor(async function* () {
      for (let index = 0; index < 10_000; index++) {
        produced++;
        yield 'x';
      }
    });
    const response = await app.fetch(post({ stream: true }));
    await new Promise(resolve => setTimeout(resolve, 50));
    // The queue holds 16 KiB (~125 chunks) plus at most 32 steps between
    // backpressure checks; the generator must not run ahead to 10 000.
    expect(produced).toBeLessThan(400);
    const chunks: ChatCompletionChunk[] = [];
    for await (const part of parseChatCompletionStream(response))
      if (part.type === 'data') chunks.push(part.value);
    expect(produced).toBe(10_000);
  });
});

describe('createCompetitor: a malformed Janus event', () => {
  it('should answer 502 invalid_response naming the event and the field', async () => {
    const app = competitor(async (_request, stream) => {
      stream.event('tool_start', { name: 42 } as never);
    });
    const response = await app.fetch(post({}));
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({
      code: 'invalid_response',
      message: expect.stringMatching(
        /^Invalid Janus event 'tool_start' at 'payload\.\w+'/,
      ),
    });
  });
});

describe('createCompetitor: an answer without content', () => {
  it.each([
    ['writes nothing', () => {}],
    [
      'writes only reasoning',
      (stream: { reasoning(text: string): void }) =>
        stream.reasoning('thinking'),
    ],
  ])(
    'should give content "" (not null) when the handler %s',
    async (_what, write) => {
      const app = competitor(async (_request, stream) => {
        write(stream);
      });
      const body = await (await app.fetch(post({}))).json();
      expect(body.choices[0].message.content).toBe('');
      expect(body.choices[0].finish_reason).toBe('stop');
    },
  );

  it('should give content null next to tool calls', async () => {
    const app = competitor(async (_request, stream) => {
      stream.toolCall({ id: 'c1', name: 'f', arguments: '{}' });
    });
    const body = await (await app.fetch(post({}))).json();
    expect(body.choices[0].message.content).toBeNull();
    expect(body.choices[0].finish_reason).toBe('tool_calls');
  });
});
