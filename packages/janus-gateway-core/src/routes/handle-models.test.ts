import { errorBodySchema, modelListSchema, modelSchema } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { InMemoryApiKeyStore } from '../auth/api-key-store';
import { createGateway } from '../gateway/create-gateway';
import type { GatewayOptions } from '../gateway/gateway-options';
import { createMemoryLogger } from '../observability/logger';

/** A gateway with three competitors; `health` answers their `/health`. */
function setup(
  options: Partial<GatewayOptions> & {
    health?: (url: string) => Response;
  } = {},
) {
  const { health, ...gatewayOptions } = options;
  return createGateway({
    competitors: [
      {
        id: 'alpha',
        url: 'http://alpha.test',
        name: 'Alpha',
        description: 'first',
      },
      { id: 'team:beta', url: 'http://beta.test' },
      { id: 'off', url: 'http://off.test', enabled: false },
    ],
    defaultCompetitor: 'alpha',
    healthCheck: { intervalMs: 0 },
    logger: createMemoryLogger(),
    fetch: async input =>
      health?.(String(input)) ?? new Response('no', { status: 503 }),
    ...gatewayOptions,
  });
}

function get(path: string, init: RequestInit = {}): Request {
  return new Request(`http://gateway.test${path}`, init);
}

describe('handleModel (GET /v1/models/:id)', () => {
  it('should answer the same object as the list for an enabled competitor', async () => {
    const gateway = setup();
    const list = modelListSchema.parse(
      await (await gateway.fetch(get('/v1/models'))).json(),
    );
    for (const [path, id] of [
      ['/v1/models/alpha', 'alpha'],
      ['/v1/models/team:beta', 'team:beta'],
      ['/v1/models/team%3Abeta', 'team:beta'],
    ] as const) {
      const response = await gateway.fetch(get(path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/json/);
      expect(response.headers.get('x-request-id')).toBeTruthy();
      const model = modelSchema.parse(await response.json());
      expect(model).toEqual(list.data.find(entry => entry.id === id));
    }
  });

  it.each([
    ['an unknown id', '/v1/models/nope', 'nope'],
    ['a disabled competitor', '/v1/models/off', 'off'],
    ['an id that cannot be decoded', '/v1/models/%E0%A4%A', '%E0%A4%A'],
  ])('should answer 404 model_not_found for %s', async (_name, path, id) => {
    const response = await setup().fetch(get(path));
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(await response.json()).error).toEqual({
      message: `The model '${id}' does not exist`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
  });

  it('should answer HEAD with the GET status and headers, no body', async () => {
    const gateway = setup();
    const found = await gateway.fetch(
      get('/v1/models/alpha', { method: 'HEAD' }),
    );
    expect(found.status).toBe(200);
    expect(found.headers.get('content-type')).toMatch(/json/);
    expect(found.body).toBeNull();
    const missing = await gateway.fetch(
      get('/v1/models/nope', { method: 'HEAD' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toBeNull();
  });

  it('should answer OPTIONS 204 and other methods 405, with allow', async () => {
    const gateway = setup();
    const options = await gateway.fetch(
      get('/v1/models/alpha', { method: 'OPTIONS' }),
    );
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const deleted = await gateway.fetch(
      get('/v1/models/alpha', { method: 'DELETE' }),
    );
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await deleted.json()).error.code).toBe('method_not_allowed');
  });

  it('should require a key like the list, before saying whether a model exists', async () => {
    const gateway = setup({
      auth: { store: new InMemoryApiKeyStore({ keys: ['sk-1'] }) },
    });
    for (const path of ['/v1/models/alpha', '/v1/models/nope'])
      expect((await gateway.fetch(get(path))).status).toBe(401);
    const response = await gateway.fetch(
      get('/v1/models/alpha', { headers: { authorization: 'Bearer sk-1' } }),
    );
    expect(response.status).toBe(200);
  });

  it('should leave other paths under /v1/models unrouted', async () => {
    const gateway = setup();
    for (const path of ['/v1/models/', '/v1/models/alpha/x'])
      expect((await gateway.fetch(get(path))).status).toBe(404);
  });
});

describe('handleModels (GET /v1/models)', () => {
  it('should say every competitor owns its own model, default or not', async () => {
    const list = modelListSchema.parse(
      await (await setup().fetch(get('/v1/models'))).json(),
    );
    expect(list.data.map(model => [model.id, model.owned_by])).toEqual([
      ['alpha', 'alpha'],
      ['team:beta', 'team:beta'],
    ]);
  });

  it("should take name and description from a competitor's /health unless configured", async () => {
    const gateway = setup({
      health: () =>
        Response.json({
          status: 'ok',
          name: 'Reported name',
          description: 'Reported description',
        }),
    });
    await gateway.registry.checkHealth();
    const list = modelListSchema.parse(
      await (await gateway.fetch(get('/v1/models'))).json(),
    );
    // Configured values win.
    expect(list.data[0]?.janus).toMatchObject({
      name: 'Alpha',
      description: 'first',
      health: 'healthy',
    });
    expect(list.data[1]?.janus).toMatchObject({
      name: 'Reported name',
      description: 'Reported description',
    });
    const one = modelSchema.parse(
      await (await gateway.fetch(get('/v1/models/team:beta'))).json(),
    );
    expect(one.janus?.name).toBe('Reported name');
    // The gateway's /health shows the same name.
    const health = await (await gateway.fetch(get('/health'))).json();
    expect(health.competitors[1].name).toBe('Reported name');
  });

  it('should ignore reported names that are not short plain text', async () => {
    for (const [name, description] of [
      ['', ''],
      ['   ', 42],
      ['a\u0000b', 'one\u0007'],
      ['x'.repeat(201), 'x'.repeat(2001)],
    ]) {
      const gateway = setup({
        health: () => Response.json({ status: 'ok', name, description }),
      });
      await gateway.registry.checkHealth();
      const list = modelListSchema.parse(
        await (await gateway.fetch(get('/v1/models'))).json(),
      );
      expect(list.data[1]?.janus?.name).toBe('team:beta');
      expect(list.data[1]?.janus).not.toHaveProperty('description');
    }
  });

  it('should keep the id as the name of a competitor that reports none', async () => {
    const gateway = setup({ health: () => Response.json({ status: 'ok' }) });
    await gateway.registry.checkHealth();
    const list = modelListSchema.parse(
      await (await gateway.fetch(get('/v1/models'))).json(),
    );
    expect(list.data[1]?.janus?.name).toBe('team:beta');
    expect(list.data[1]?.janus).not.toHaveProperty('description');
  });
});
