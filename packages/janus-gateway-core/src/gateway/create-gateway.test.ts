import {
  errorBodySchema,
  gatewayHealthSchema,
  modelListSchema,
} from '@janus/protocol';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryApiKeyStore } from '../auth/api-key-store';
import { InMemoryRateLimitStore } from '../auth/rate-limit-store';
import { createMemoryLogger } from '../observability/logger';
import { createGateway } from './create-gateway';
import type { GatewayOptions } from './gateway-options';

type Call = { url: string; init: RequestInit };

/** A gateway whose upstream `fetch` is a function of the test. */
function setup(
  answer: (call: Call) => Response | Promise<Response> = () =>
    Response.json({
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [],
    }),
  options: Partial<GatewayOptions> = {},
) {
  const calls: Call[] = [];
  const logger = createMemoryLogger();
  const gateway = createGateway({
    competitors: [
      {
        id: 'alpha',
        url: 'http://alpha.test',
        apiKey: 'alpha-key',
        name: 'Alpha',
        description: 'first',
      },
      { id: 'beta', url: 'http://beta.test/' },
      { id: 'off', url: 'http://off.test', enabled: false },
    ],
    defaultCompetitor: 'alpha',
    healthCheck: { intervalMs: 0 },
    logger,
    fetch: async (input, init) => {
      const call = { url: String(input), init: init ?? {} };
      calls.push(call);
      return answer(call);
    },
    ...options,
  });
  return { gateway, calls, logger };
}

function chat(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request('http://gateway.test/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const messages = [{ role: 'user', content: 'hi' }];

describe('createGateway', () => {
  it('should answer 400 with an OpenAI error body for an invalid request', async () => {
    const { gateway, calls } = setup();
    const response = await gateway.fetch(chat({ model: 'x', messages: [] }));
    expect(response.status).toBe(400);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_request',
      param: 'messages',
    });
    expect(calls).toHaveLength(0);
  });

  it('should answer 400 invalid_json for a body that is not JSON', async () => {
    const { gateway } = setup();
    const response = await gateway.fetch(chat('{nope'));
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });

  it('should answer 413 for a body over maxBodyBytes', async () => {
    const { gateway } = setup(undefined, { maxBodyBytes: 100 });
    const response = await gateway.fetch(
      chat({
        model: 'x',
        messages: [{ role: 'user', content: 'y'.repeat(200) }],
      }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });

  it('should answer 404 model_not_found for an unknown or disabled competitor_id', async () => {
    const { gateway, calls } = setup();
    for (const id of ['nobody', 'off']) {
      const response = await gateway.fetch(
        chat({ model: 'x', messages, competitor_id: id }),
      );
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({
        code: 'model_not_found',
        param: 'competitor_id',
      });
    }
    expect(calls).toHaveLength(0);
  });

  it('should route competitor_id over model over the default', async () => {
    const { gateway, calls } = setup();
    await gateway.fetch(
      chat({ model: 'beta', messages, competitor_id: 'alpha' }),
    );
    await gateway.fetch(chat({ model: 'beta', messages }));
    await gateway.fetch(chat({ model: 'gpt-4o', messages }));
    expect(calls.map(call => call.url)).toEqual([
      'http://alpha.test/v1/chat/completions',
      'http://beta.test/v1/chat/completions',
      'http://alpha.test/v1/chat/completions',
    ]);
  });

  it('should forward the body without competitor_id, keeping unknown fields', async () => {
    const { gateway, calls } = setup();
    await gateway.fetch(
      chat({
        model: 'm',
        messages,
        competitor_id: 'alpha',
        custom_field: { a: 1 },
        temperature: 0.5,
      }),
    );
    const forwarded = JSON.parse(String(calls[0]?.init.body));
    expect(forwarded).toEqual({
      model: 'm',
      messages,
      custom_field: { a: 1 },
      temperature: 0.5,
    });
  });

  it("should forward the client's exact text when there is nothing to remove", async () => {
    const { gateway, calls } = setup();
    // Spacing and key order a re-encoding would change.
    const text =
      '{ "messages": [{"role":"user","content":"hi"}],  "model" : "m", "x": 1.50 }';
    await gateway.fetch(chat(text));
    expect(calls[0]?.init.body).toBe(text);
  });

  it("should send the competitor's key upstream, never the client's", async () => {
    const { gateway, calls } = setup();
    await gateway.fetch(
      chat(
        { model: 'alpha', messages },
        { authorization: 'Bearer client-secret' },
      ),
    );
    await gateway.fetch(
      chat(
        { model: 'beta', messages },
        { authorization: 'Bearer client-secret' },
      ),
    );
    const headers = calls.map(call => new Headers(call.init.headers));
    expect(headers[0]?.get('authorization')).toBe('Bearer alpha-key');
    expect(headers[1]?.get('authorization')).toBeNull();
  });

  it('should accept, forward and echo X-Request-Id, or generate one', async () => {
    const { gateway, calls, logger } = setup();
    const given = await gateway.fetch(
      chat({ model: 'm', messages }, { 'x-request-id': 'my-id-1' }),
    );
    expect(given.headers.get('x-request-id')).toBe('my-id-1');
    expect(new Headers(calls[0]?.init.headers).get('x-request-id')).toBe(
      'my-id-1',
    );
    expect(
      logger.entries.some(
        entry => entry.msg === 'request.end' && entry.request_id === 'my-id-1',
      ),
    ).toBe(true);
    const generated = await gateway.fetch(
      chat({ model: 'm', messages }, { 'x-request-id': 'bad id\twith spaces' }),
    );
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    const next = await gateway.fetch(chat({ model: 'm', messages }));
    expect(next.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(next.headers.get('x-request-id')).not.toBe(id);
  });

  it('should require a valid Bearer key when auth is configured', async () => {
    const store = new InMemoryApiKeyStore({ keys: ['sk-good'] });
    const { gateway } = setup(undefined, { auth: { store } });
    const missing = await gateway.fetch(chat({ model: 'm', messages }));
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.type).toBe('authentication_error');
    const wrong = await gateway.fetch(
      chat({ model: 'm', messages }, { authorization: 'Bearer sk-bad' }),
    );
    expect(wrong.status).toBe(401);
    const good = await gateway.fetch(
      chat({ model: 'm', messages }, { authorization: 'Bearer sk-good' }),
    );
    expect(good.status).toBe(200);
    const models = await gateway.fetch(
      new Request('http://gateway.test/v1/models'),
    );
    expect(models.status).toBe(401);
    const health = await gateway.fetch(
      new Request('http://gateway.test/health'),
    );
    expect(health.status).toBe(200);
  });

  it('should challenge with WWW-Authenticate and name a malformed header', async () => {
    const store = new InMemoryApiKeyStore({ keys: ['sk-a'] });
    const { gateway } = setup(undefined, { auth: { store } });
    const answers: [string | null, string, string | null][] = [];
    for (const authorization of [
      undefined,
      'Bearer sk-a extra',
      'Basic c2stYQ==',
      'Bearer sk-wrong',
    ]) {
      const response = await gateway.fetch(
        chat(
          { model: 'm', messages },
          authorization === undefined ? {} : { authorization },
        ),
      );
      expect(response.status).toBe(401);
      answers.push([
        authorization ?? null,
        (await response.json()).error.message,
        response.headers.get('www-authenticate'),
      ]);
    }
    expect(answers).toEqual([
      [null, 'Missing API key: send Authorization: Bearer <key>', 'Bearer'],
      [
        'Bearer sk-a extra',
        'Malformed Authorization header: expected Bearer <key>',
        'Bearer error="invalid_request"',
      ],
      [
        'Basic c2stYQ==',
        'Malformed Authorization header: expected Bearer <key>',
        'Bearer error="invalid_request"',
      ],
      ['Bearer sk-wrong', 'Invalid API key', 'Bearer error="invalid_token"'],
    ]);
    const models = await gateway.fetch(
      new Request('http://gateway.test/v1/models'),
    );
    expect(models.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('should rate-limit per key with 429 and retry-after', async () => {
    let now = 0;
    const store = new InMemoryRateLimitStore({
      capacity: 2,
      refillPerSecond: 1,
      _internal: { now: () => now },
    });
    const { gateway } = setup(undefined, { rateLimit: { store } });
    expect((await gateway.fetch(chat({ model: 'm', messages }))).status).toBe(
      200,
    );
    expect((await gateway.fetch(chat({ model: 'm', messages }))).status).toBe(
      200,
    );
    const limited = await gateway.fetch(chat({ model: 'm', messages }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await limited.json()).error.code).toBe('rate_limited');
    now = 1_000;
    expect((await gateway.fetch(chat({ model: 'm', messages }))).status).toBe(
      200,
    );
  });

  it('should log the cause of an internal error (a failing store), never show it to the client', async () => {
    const { gateway, logger } = setup(undefined, {
      rateLimit: {
        store: {
          consume: async () => {
            throw new Error('redis down: ECONNREFUSED 6379');
          },
        },
      },
    });
    const response = await gateway.fetch(chat({ model: 'm', messages }));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('redis');
    const end = logger.entries.find(entry => entry.msg === 'request.end');
    expect(end).toMatchObject({
      level: 'error',
      error: {
        code: 'internal_error',
        cause: {
          message: 'redis down: ECONNREFUSED 6379',
          stack: expect.stringContaining('create-gateway.test.ts'),
        },
      },
    });
  });

  it.each([
    ['not JSON', '{nope'],
    ['not an object', '[1,2]'],
    ['not a completion', '{"foo":1}'],
  ])(
    'should answer 502 invalid_response when a non-stream answer is %s',
    async (_what, text) => {
      const { gateway } = setup(
        () =>
          new Response(text, {
            headers: { 'content-type': 'application/json' },
          }),
      );
      const response = await gateway.fetch(chat({ model: 'm', messages }));
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatchObject({
        code: 'invalid_response',
        message: expect.stringContaining(
          'The competitor sent an invalid completion',
        ),
      });
    },
  );

  it('should answer and stream as usual when the logger throws', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const gateway = createGateway({
      competitors: [{ id: 'alpha', url: 'http://alpha.test' }],
      healthCheck: { intervalMs: 0 },
      logger: {
        log() {
          throw new Error('log shipper down');
        },
      },
      fetch: async (_input, init) =>
        JSON.parse(String(init?.body)).stream
          ? new Response(
              'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
              { headers: { 'content-type': 'text/event-stream' } },
            )
          : Response.json({
              id: 'x',
              object: 'chat.completion',
              created: 1,
              model: 'm',
              choices: [],
            }),
    });
    expect((await gateway.fetch(chat({ model: 'm', messages }))).status).toBe(
      200,
    );
    const stream = await gateway.fetch(
      chat({ model: 'm', messages, stream: true }),
    );
    expect(await stream.text()).toContain('data: [DONE]');
    expect(
      (await gateway.fetch(new Request('http://gateway.test/nope'))).status,
    ).toBe(404);
    // Said once, not once per entry.
    expect(stderr).toHaveBeenCalledOnce();
    expect(String(stderr.mock.calls[0])).toContain('log shipper down');
    stderr.mockRestore();
  });

  it('should name the competitor on its error answers too', async () => {
    const { gateway } = setup(
      () => Response.json({ error: { message: 'boom' } }, { status: 500 }),
      { retry: { attempts: 1 } },
    );
    const response = await gateway.fetch(chat({ model: 'beta', messages }));
    expect(response.status).toBe(502);
    expect(response.headers.get('x-janus-competitor')).toBe('beta');
    const unknown = await gateway.fetch(
      chat({ model: 'x', competitor_id: 'nope', messages }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-janus-competitor')).toBeNull();
  });

  it('should list enabled competitors at /v1/models', async () => {
    const { gateway } = setup();
    const response = await gateway.fetch(
      new Request('http://gateway.test/v1/models'),
    );
    const list = modelListSchema.parse(await response.json());
    expect(list.data.map(model => model.id)).toEqual(['alpha', 'beta']);
    expect(list.data[0]).toMatchObject({
      object: 'model',
      owned_by: 'alpha',
      janus: { name: 'Alpha', description: 'first', health: 'unknown' },
    });
  });

  it('should route on the path alone (query and fragment ignored)', async () => {
    const { gateway } = setup();
    for (const url of [
      'http://gateway.test/v1/models?limit=1',
      'http://gateway.test/v1/models#top',
      'http://gateway.test:8000/v1/models?a=/b',
    ])
      expect((await gateway.fetch(new Request(url))).status).toBe(200);
    expect(
      (await gateway.fetch(new Request('http://gateway.test/v1/models/x')))
        .status,
    ).toBe(404);
    expect(
      (await gateway.fetch(new Request('http://gateway.test/?/v1/models')))
        .status,
    ).toBe(404);
  });

  it('should report per-competitor health at /health', async () => {
    const { gateway } = setup(
      ({ url }) =>
        url.startsWith('http://alpha.test')
          ? Response.json({
              status: 'ok',
              // Where the competitor's LLM lives is not the public's business.
              llm: {
                mode: 'real',
                model: 'm1',
                provider: 'vllm',
                base_url: 'http://10.0.0.7:8000/v1',
                api_key_hint: 'sk-…',
              },
              sandbox_available: true,
            })
          : new Response('down', { status: 503 }),
      { healthCheck: { intervalMs: 0, failureThreshold: 1 } },
    );
    await gateway.registry.checkHealth();
    const response = await gateway.fetch(
      new Request('http://gateway.test/health'),
    );
    const health = gatewayHealthSchema.parse(await response.json());
    expect(health.status).toBe('degraded');
    expect(health.default_competitor).toBe('alpha');
    expect(health.competitors).toEqual([
      expect.objectContaining({
        id: 'alpha',
        health: 'healthy',
        llm: { mode: 'real', model: 'm1', provider: 'vllm' },
        sandbox_available: true,
      }),
      expect.objectContaining({
        id: 'beta',
        health: 'unhealthy',
        last_error: 'GET /health answered 503',
      }),
    ]);
  });

  it.each<[string, Partial<GatewayOptions>, string]>([
    ['a NaN', { keepAliveIntervalMs: Number.NaN }, 'keepAliveIntervalMs NaN'],
    ['a negative', { timeouts: { idleMs: -1 } }, 'timeouts.idleMs -1'],
    [
      'an infinite',
      { timeouts: { totalMs: Number.POSITIVE_INFINITY } },
      'timeouts.totalMs Infinity',
    ],
    // Longer than a timer takes: it would fire at once.
    ['a too long', { retry: { maxDelayMs: 2 ** 31 } }, 'retry.maxDelayMs'],
    ['a zero', { maxBodyBytes: 0 }, 'maxBodyBytes 0'],
    [
      'a zero',
      { healthCheck: { failureThreshold: 0 } },
      'healthCheck.failureThreshold 0',
    ],
    [
      'a duplicate',
      {
        competitors: [
          { id: 'a', url: 'http://a.test' },
          { id: 'a', url: 'http://b.test' },
        ],
      },
      "Duplicate competitor id 'a'",
    ],
    [
      'an unparsable',
      { competitors: [{ id: 'a', url: 'not a url' }] },
      "Invalid URL for competitor 'a'",
    ],
    [
      'an unknown',
      { defaultCompetitor: 'zeta' },
      "Unknown default competitor 'zeta'",
    ],
    [
      'a disabled',
      {
        competitors: [
          { id: 'a', url: 'http://a.test', enabled: false },
          { id: 'b', url: 'http://b.test' },
        ],
        defaultCompetitor: 'a',
      },
      "The default competitor 'a' is disabled",
    ],
    ['an empty', { competitors: [] }, 'at least one competitor'],
    [
      'a non-HTTP',
      { competitors: [{ id: 'a', url: 'ftp://a.test' }] },
      "Invalid URL for competitor 'a': expected http: or https:",
    ],
    [
      'a query in a',
      { competitors: [{ id: 'a', url: 'http://a.test/?x=1' }] },
      "Invalid URL for competitor 'a': no query",
    ],
    [
      'credentials in a',
      { competitors: [{ id: 'a', url: 'http://u:p@a.test' }] },
      "Invalid URL for competitor 'a': no credentials",
    ],
    [
      'an unparsable',
      {
        competitors: [
          { id: 'a', url: 'http://a.test', artifactOrigins: ['nope'] },
        ],
      },
      "Invalid artifactOrigins entry 'nope' for competitor 'a'",
    ],
    ['a relative', { publicBaseUrl: 'not a url' }, 'Invalid publicBaseUrl'],
    ['a zero', { retry: { attempts: 0 } }, 'retry.attempts 0'],
    ['a fractional', { retry: { attempts: 2.5 } }, 'retry.attempts 2.5'],
    [
      'a string',
      { retry: { failover: 'false' as unknown as boolean } },
      'Invalid retry.failover: expected true or false',
    ],
    [
      'a store-less',
      { rateLimit: {} as GatewayOptions['rateLimit'] },
      'rateLimit.store',
    ],
    ['a store-less', { auth: {} as GatewayOptions['auth'] }, 'auth.store'],
    [
      'a misspelt',
      { timeouts: { firstByte: 5 } as GatewayOptions['timeouts'] },
      "Unknown option 'timeouts.firstByte'",
    ],
    [
      'a misspelt',
      { keepAliveMs: 5 } as Partial<GatewayOptions>,
      "Unknown option 'keepAliveMs'",
    ],
  ])('should refuse %s option: %o', (_what, options, message) => {
    let thrown: unknown;
    try {
      createGateway({
        competitors: [{ id: 'alpha', url: 'http://alpha.test' }],
        healthCheck: { intervalMs: 0 },
        logger: createMemoryLogger(),
        ...options,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_request' });
    expect((thrown as Error).message).toContain(message);
  });

  it('should report down at /health when no competitor is enabled', async () => {
    const gateway = createGateway({
      competitors: [{ id: 'alpha', url: 'http://alpha.test', enabled: false }],
      healthCheck: { intervalMs: 0 },
      logger: createMemoryLogger(),
    });
    const response = await gateway.fetch(
      new Request('http://gateway.test/health'),
    );
    expect(response.status).toBe(200);
    const health = gatewayHealthSchema.parse(await response.json());
    expect(health).toMatchObject({ status: 'down', competitors: [] });
  });

  it('should never route a default request to a down competitor when another is healthy', async () => {
    const { gateway, calls } = setup(
      ({ url }) =>
        url === 'http://alpha.test/health'
          ? new Response(null, { status: 500 })
          : Response.json({ status: 'ok' }),
      { healthCheck: { intervalMs: 0, failureThreshold: 1 } },
    );
    await gateway.registry.checkHealth();
    calls.length = 0;
    await gateway.fetch(chat({ model: 'anything', messages }));
    expect(calls[0]?.url).toBe('http://beta.test/v1/chat/completions');
    // An explicit choice is honoured even when it is down.
    await gateway.fetch(chat({ model: 'alpha', messages }));
    expect(calls[1]?.url).toBe('http://alpha.test/v1/chat/completions');
  });

  it('should count requests, errors and TTFT at /metrics', async () => {
    const { gateway } = setup();
    await gateway.fetch(chat({ model: 'm', messages }));
    await gateway.fetch(
      chat({ model: 'm', messages, competitor_id: 'nobody' }),
    );
    const text = await (
      await gateway.fetch(new Request('http://gateway.test/metrics'))
    ).text();
    expect(text).toContain(
      'janus_gateway_requests_total{competitor="alpha",status="200"} 1',
    );
    expect(text).toContain(
      'janus_gateway_requests_total{competitor="none",status="404"} 1',
    );
    expect(text).toContain(
      'janus_gateway_errors_total{competitor="none",code="model_not_found"} 1',
    );
    expect(text).toMatch(
      /janus_gateway_ttft_seconds_count\{competitor="alpha"\} 1/,
    );
  });

  it('should answer 404 for unknown routes and unknown artifacts', async () => {
    const { gateway } = setup();
    expect(
      (await gateway.fetch(new Request('http://gateway.test/nope'))).status,
    ).toBe(404);
    const artifact = await gateway.fetch(
      new Request('http://gateway.test/v1/artifacts/artf_unknown'),
    );
    expect(artifact.status).toBe(404);
    expect((await artifact.json()).error.code).toBe('not_found');
  });

  it('should answer 405 with allow for a known path and a method it does not serve', async () => {
    const { gateway, calls } = setup();
    for (const [method, path, allow] of [
      ['GET', '/v1/chat/completions', 'POST'],
      ['PUT', '/v1/chat/completions', 'POST'],
      ['POST', '/v1/models', 'GET, HEAD'],
      ['DELETE', '/v1/artifacts/artf_x', 'GET, HEAD'],
      ['POST', '/health', 'GET, HEAD'],
      ['PATCH', '/metrics', 'GET, HEAD'],
    ] as const) {
      const response = await gateway.fetch(
        new Request(`http://gateway.test${path}`, { method }),
      );
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(`${allow}, OPTIONS`);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      const body = errorBodySchema.parse(await response.json());
      expect(body.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'method_not_allowed',
        message: `${method} is not allowed on ${path}; use ${allow}`,
      });
    }
    expect(calls).toHaveLength(0);
  });

  it('should answer OPTIONS with 204 and the allowed methods, OPTIONS included', async () => {
    const { gateway } = setup();
    const chatOptions = await gateway.fetch(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'OPTIONS',
      }),
    );
    expect(chatOptions.status).toBe(204);
    expect(chatOptions.headers.get('allow')).toBe('POST, OPTIONS');
    expect(chatOptions.body).toBeNull();
    const models = await gateway.fetch(
      new Request('http://gateway.test/v1/models', { method: 'OPTIONS' }),
    );
    expect(models.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const unknown = await gateway.fetch(
      new Request('http://gateway.test/nope', { method: 'OPTIONS' }),
    );
    expect(unknown.status).toBe(404);
  });

  it('should answer HEAD on the GET routes with their headers and no body', async () => {
    const { gateway } = setup();
    for (const path of ['/health', '/metrics', '/v1/models']) {
      const get = await gateway.fetch(
        new Request(`http://gateway.test${path}`),
      );
      const head = await gateway.fetch(
        new Request(`http://gateway.test${path}`, { method: 'HEAD' }),
      );
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-type')).toBe(
        get.headers.get('content-type'),
      );
      expect(head.body, path).toBeNull();
    }
    const missing = await gateway.fetch(
      new Request('http://gateway.test/v1/artifacts/artf_unknown', {
        method: 'HEAD',
      }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toBeNull();
  });

  it('should map upstream errors of a non-stream request to statuses', async () => {
    const { gateway } = setup(() =>
      Response.json(
        {
          error: { message: 'bad temperature', type: 'invalid_request_error' },
        },
        { status: 400 },
      ),
    );
    const response = await gateway.fetch(chat({ model: 'm', messages }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('bad temperature');
  });

  it('should answer 502 when a competitor answers a non-stream request 200 with an error body', async () => {
    const { gateway } = setup(() =>
      Response.json({
        error: { message: 'model overloaded', code: 'overloaded' },
      }),
    );
    const response = await gateway.fetch(chat({ model: 'm', messages }));
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({
      code: 'upstream_error',
      message: 'The competitor answered with an error: model overloaded',
    });
  });
});
