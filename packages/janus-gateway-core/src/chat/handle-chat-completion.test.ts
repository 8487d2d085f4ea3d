import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../gateway/create-gateway';
import type { GatewayOptions } from '../gateway/gateway-options';
import { createMemoryLogger } from '../observability/logger';
import { CONNECT_HOOK, connectHookOf } from './connect-hook';

const encoder = new TextEncoder();

/** An upstream SSE body the test writes to, event by event. */
function controlledUpstream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    response: new Response(body, {
      headers: { 'content-type': 'text/event-stream' },
    }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    error: (reason: unknown) => controller.error(reason),
    get cancelled() {
      return cancelled;
    },
  };
}

function frame(delta: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
}

function setup(
  upstream: () => Response | Promise<Response>,
  options: Partial<GatewayOptions> = {},
) {
  const logger = createMemoryLogger();
  const gateway = createGateway({
    competitors: [{ id: 'alpha', url: 'http://alpha.test/base' }],
    healthCheck: { intervalMs: 0 },
    keepAliveIntervalMs: 20,
    logger,
    fetch: async () => upstream(),
    ...options,
  });
  const request = (init: { signal?: AbortSignal } = {}) =>
    gateway.fetch(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({
          model: 'm',
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
        signal: init.signal,
      }),
    );
  return { gateway, logger, request };
}

/** Reads the next decoded text chunk of a response body. */
async function nextText(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<string> {
  const { value } = await reader.read();
  return new TextDecoder().decode(value);
}

describe('handleChatCompletion (stream)', () => {
  it('should forward each event as soon as it arrives', async () => {
    const upstream = controlledUpstream();
    const { request } = setup(() => upstream.response);
    const response = await request();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    upstream.write(frame({ content: 'one' }));
    expect(await nextText(reader)).toContain('"content":"one"');
    upstream.write(frame({ content: 'two' }));
    expect(await nextText(reader)).toContain('"content":"two"');
    upstream.write('data: [DONE]\n\n');
    expect(await nextText(reader)).toBe('data: [DONE]\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('should send keep-alive comments while the upstream is silent', async () => {
    const upstream = controlledUpstream();
    const { request } = setup(() => upstream.response);
    const reader = (await request()).body!.getReader();
    expect(await nextText(reader)).toBe(': ping\n\n');
    upstream.write(frame({ content: 'late' }));
    upstream.close();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('"content":"late"');
    expect(rest.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('should send no keep-alives when keepAliveIntervalMs is 0', async () => {
    const upstream = controlledUpstream();
    const { request } = setup(() => upstream.response, {
      keepAliveIntervalMs: 0,
    });
    const response = await request();
    setTimeout(() => {
      upstream.write(frame({ content: 'late' }));
      upstream.close();
    }, 100);
    const text = await response.text();
    expect(text).not.toContain(': ping');
    expect(text).toContain('"content":"late"');
  });

  it('should append [DONE] when the upstream omits it', async () => {
    const upstream = controlledUpstream();
    const { request, logger } = setup(() => upstream.response);
    upstream.write(frame({ content: 'only' }));
    upstream.close();
    const text = await (await request()).text();
    expect(text.match(/data: \[DONE\]/g)).toHaveLength(1);
    expect(
      logger.entries.find(entry => entry.msg === 'request.end'),
    ).toMatchObject({ appended_done: true });
  });

  it('should end with one error event and [DONE] when the upstream dies mid-stream', async () => {
    const upstream = controlledUpstream();
    const { request } = setup(() => upstream.response);
    const response = await request();
    upstream.write(frame({ content: 'part' }));
    const text = response.text();
    setTimeout(() => upstream.error(new TypeError('terminated')), 10);
    const lines = (await text)
      .split('\n\n')
      .filter(line => line.startsWith('data:'));
    expect(lines.at(-2)).toContain('"error"');
    expect(JSON.parse(lines.at(-2)!.slice(6)).error.code).toBe('stream_error');
    expect(lines.at(-1)).toBe('data: [DONE]');
  });

  it('should rewrite artifact URLs to gateway URLs and record them', async () => {
    const upstream = controlledUpstream();
    const { request, gateway } = setup(() => upstream.response, {
      publicBaseUrl: 'https://gw.example/',
    });
    const item = {
      id: 'artf_up',
      type: 'file',
      mime_type: 'text/plain',
      display_name: 'a.txt',
      size_bytes: 1,
      sha256: 'b'.repeat(64),
      created_at: '2026-01-01T00:00:00Z',
      ttl_seconds: 60,
      url: '/files/a.txt',
    };
    const foreign = {
      ...item,
      id: 'artf_evil',
      url: 'http://169.254.169.254/latest/meta-data',
    };
    upstream.write(
      frame({
        janus: { event: 'artifacts', payload: { items: [item, foreign] } },
      }),
    );
    upstream.write('data: [DONE]\n\n');
    const text = await (await request()).text();
    const event = JSON.parse(text.split('\n\n')[0]!.slice(6));
    const items = event.choices[0].delta.janus.payload.items;
    expect(items).toHaveLength(1);
    expect(items[0].url).toMatch(
      /^https:\/\/gw\.example\/v1\/artifacts\/artf_[0-9a-f]{32}$/,
    );
    expect(items[0]).toMatchObject({
      display_name: 'a.txt',
      sha256: 'b'.repeat(64),
    });
    expect(text).not.toContain('169.254');
    expect(text).not.toContain('/files/a.txt');
    expect(gateway.registry).toBeDefined();
  });

  it('should cancel the upstream when the client cancels the stream', async () => {
    const upstream = controlledUpstream();
    const { request } = setup(() => upstream.response);
    const reader = (await request()).body!.getReader();
    upstream.write(frame({ content: 'x' }));
    await nextText(reader);
    await reader.cancel();
    expect(upstream.cancelled).toBe(true);
  });

  it('should log a client that aborts its request mid-stream as cancelled, not as a competitor failure', async () => {
    // As a real fetch does: aborting the upstream request errors its body.
    // The client's signal aborts the upstream at once, so the relay sees the
    // body fail, and must still know the client is the one who left.
    const upstream = controlledUpstream();
    const { gateway, logger, request } = setup(() => upstream.response, {
      fetch: async (_url, init) => {
        init?.signal?.addEventListener('abort', () =>
          upstream.error(init.signal!.reason),
        );
        return upstream.response;
      },
    });
    const client = new AbortController();
    const response = await request({ signal: client.signal });
    const reader = response.body!.getReader();
    upstream.write(frame({ content: 'x' }));
    await nextText(reader);
    client.abort();
    await expect
      .poll(() => logger.entries.find(entry => entry.msg === 'request.end'))
      .toMatchObject({ level: 'info', error: { code: 'cancelled' } });
    const metrics = gateway.metrics.render();
    expect(metrics).toContain(
      'janus_gateway_errors_total{competitor="alpha",code="cancelled"} 1',
    );
    expect(metrics).not.toContain('stream_error');
  });

  it("should log a client that leaves before the answer as cancelled, whatever the host's abort reason", async () => {
    // @hono/node-server aborts `request.signal` with a plain Error.
    let started!: () => void;
    const upstreamStarted = new Promise<void>(resolve => {
      started = resolve;
    });
    const { gateway, logger, request } = setup(() => new Response(), {
      fetch: (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          started();
          init?.signal?.addEventListener('abort', () =>
            reject(init.signal!.reason),
          );
        }),
      keepAliveIntervalMs: 5_000,
    });
    const client = new AbortController();
    const answer = request({ signal: client.signal }).catch(() => undefined);
    await upstreamStarted;
    client.abort(new Error('Client connection prematurely closed.'));
    await answer;
    await expect
      .poll(() => logger.entries.find(entry => entry.msg === 'request.end'))
      .toMatchObject({
        level: 'info',
        status: 499,
        error: { code: 'cancelled' },
      });
    expect(gateway.metrics.render()).not.toContain('internal_error');
  });

  it('should not call the competitor for a request whose client already left', async () => {
    let calls = 0;
    const { request } = setup(() => {
      calls++;
      return new Response('data: [DONE]\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    });
    await request({ signal: AbortSignal.abort() }).catch(() => undefined);
    expect(calls).toBe(0);
  });

  it('should answer an HTTP error status when the upstream fails before anything was sent', async () => {
    const { request } = setup(
      () => Response.json({ error: { message: 'boom' } }, { status: 500 }),
      {
        keepAliveIntervalMs: 5_000,
      },
    );
    const response = await request();
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({
      code: 'upstream_error',
      type: 'api_error',
    });
  });

  // What a competitor's HTTP error becomes for the client: its own faults
  // (a bad key, a missing route or method, a 499 of its own) are the
  // gateway's 502.
  it.each([
    [400, 400, 'invalid_request'],
    [401, 502, 'upstream_error'],
    [403, 502, 'upstream_error'],
    [404, 502, 'upstream_error'],
    [405, 502, 'upstream_error'],
    [408, 504, 'timeout'],
    [409, 409, 'conflict'],
    [413, 413, 'payload_too_large'],
    [418, 400, 'invalid_request'],
    [422, 400, 'invalid_request'],
    [429, 429, 'rate_limited'],
    [499, 502, 'upstream_error'],
    [500, 502, 'upstream_error'],
    [503, 503, 'upstream_unavailable'],
    [504, 504, 'timeout'],
  ])(
    'should answer a competitor %i as HTTP %i %s',
    async (upstreamStatus, status, code) => {
      const { request } = setup(
        () =>
          Response.json(
            { error: { message: 'from the competitor' } },
            { status: upstreamStatus },
          ),
        { keepAliveIntervalMs: 5_000, retry: { attempts: 1 } },
      );
      const response = await request();
      expect(response.status).toBe(status);
      expect((await response.json()).error).toMatchObject({
        code,
        message: `The competitor answered ${upstreamStatus}: from the competitor`,
      });
    },
  );

  it("should keep the competitor's param on a refused request, and only there", async () => {
    for (const [upstreamStatus, param] of [
      [400, 'n'],
      [422, 'n'],
      [401, null],
      [500, null],
    ] as const) {
      const { request } = setup(
        () =>
          Response.json(
            { error: { message: 'no', param: 'n' } },
            { status: upstreamStatus },
          ),
        { keepAliveIntervalMs: 5_000, retry: { attempts: 1 } },
      );
      const body = await (await request()).json();
      expect(body.error.param, String(upstreamStatus)).toBe(param);
    }
  });

  it('should answer an error event once keep-alives were sent', async () => {
    let fail!: () => void;
    const { request } = setup(
      () =>
        new Promise<Response>(resolve => {
          fail = () => resolve(new Response('nope', { status: 400 }));
        }),
    );
    const response = await request();
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(await nextText(reader)).toBe(': ping\n\n');
    fail();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toMatch(
      /^(: ping\n\n)*data: \{"error":\{"message":"The competitor answered 400/,
    );
    expect(rest.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

/** A non-stream chat request to `gateway`. */
function postNonStream(gateway: ReturnType<typeof createGateway>) {
  return gateway.fetch(
    new Request('http://gateway.test/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    }),
  );
}

const completion = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'done' },
      finish_reason: 'stop',
    },
  ],
};

/** A `fetch` that never answers (until its signal aborts). */
function hangingFetch(
  _input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  return new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });
}

/** Whether `promise` has settled (after the microtasks queued so far). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('handleChatCompletion (timing)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("should report Node fetch's own 300 s headers timeout as a timeout, not a dropped connection", async () => {
    const { request } = setup(() => new Response(), {
      fetch: async () => {
        // The shape of undici's error: TypeError('fetch failed') caused by
        // a HeadersTimeoutError.
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('Headers Timeout Error'), {
            code: 'UND_ERR_HEADERS_TIMEOUT',
          }),
        });
      },
      keepAliveIntervalMs: 5_000,
    });
    const response = await request();
    expect(response.status).toBe(504);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect((await response.json()).error).toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('createNodeFetch()'),
    });
  });

  it('should bound a non-stream answer by totalMs, not firstByteMs', async () => {
    vi.useFakeTimers();
    const { gateway } = setup(() => Response.json(completion), {
      timeouts: { firstByteMs: 1_000, totalMs: 60_000 },
      fetch: () =>
        new Promise(resolve =>
          setTimeout(() => resolve(Response.json(completion)), 30_000),
        ),
    });
    const pending = postNonStream(gateway);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await settled(pending)).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    const response = await pending;
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('done');
  });

  it('should time out a non-stream connection that is never accepted, when fetch reports connections', async () => {
    vi.useFakeTimers();
    const fetch = Object.assign(hangingFetch, { [CONNECT_HOOK]: true });
    const { gateway } = setup(() => Response.json(completion), {
      timeouts: { firstByteMs: 1_000, totalMs: 60_000 },
      fetch,
      retry: { attempts: 3 },
    });
    const pending = postNonStream(gateway);
    await vi.advanceTimersByTimeAsync(1_000);
    const response = await pending;
    expect(response.status).toBe(504);
    expect((await response.json()).error.message).toBe(
      'Timed out after 1000 ms (connect timeout)',
    );
  });

  it('should stop the connect timer once fetch reports the connection', async () => {
    vi.useFakeTimers();
    const fetch = Object.assign(
      (_input: string | URL | Request, init: RequestInit = {}) => {
        connectHookOf(init)?.();
        return new Promise<Response>(resolve =>
          setTimeout(() => resolve(Response.json(completion)), 5_000),
        );
      },
      { [CONNECT_HOOK]: true },
    );
    const { gateway } = setup(() => Response.json(completion), {
      timeouts: { firstByteMs: 1_000, totalMs: 60_000 },
      fetch,
    });
    const pending = postNonStream(gateway);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await pending).status).toBe(200);
  });

  it("should not count the gateway's retry delays in a stream's commit window", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { request } = setup(() => Response.json(completion), {
      keepAliveIntervalMs: 100,
      retry: { attempts: 3, baseDelayMs: 500 },
      fetch: (input, init) => {
        calls++;
        // Refused once, then a competitor that takes its time.
        if (calls === 1)
          return Promise.reject(
            new TypeError('fetch failed', {
              cause: Object.assign(new Error('connect ECONNREFUSED'), {
                code: 'ECONNREFUSED',
              }),
            }),
          );
        return hangingFetch(input, init);
      },
    });
    const pending = request();
    // 100 ms of waiting for the competitor, plus the 500 ms retry delay.
    await vi.advanceTimersByTimeAsync(550);
    expect(await settled(pending)).toBe(false);
    await vi.advanceTimersByTimeAsync(60);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
    await response.body!.cancel();
  });
});
