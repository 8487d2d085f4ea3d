import { modelListSchema } from '@janus/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatewayUnreachableHeader } from './gateway-problem';
import { getGatewayJson } from './use-gateway-info';

const errorBody = (code: string, message: string) =>
  JSON.stringify({ error: { message, type: 'api_error', param: null, code } });

/** `getGatewayJson('/api/models')` against one stubbed answer. */
function fetchModels(answer: () => Promise<Response>) {
  vi.stubGlobal('fetch', answer);
  return getGatewayJson('/api/models', modelListSchema);
}

describe('getGatewayJson', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should return the validated body of a 2xx answer', async () => {
    const result = await fetchModels(async () =>
      Response.json({ object: 'list', data: [] }),
    );
    expect(result).toEqual({ ok: true, value: { object: 'list', data: [] } });
  });

  it('should tell the browser failing to reach the UI server from the UI server failing to reach the gateway', async () => {
    expect(
      await fetchModels(() => Promise.reject(new TypeError('Failed to fetch'))),
    ).toEqual({
      ok: false,
      problem: { kind: 'ui-server-unreachable', detail: 'Failed to fetch' },
    });
    expect(
      await fetchModels(
        async () =>
          new Response(
            errorBody('upstream_unavailable', 'The gateway is unreachable'),
            { status: 503, headers: { [gatewayUnreachableHeader]: '1' } },
          ),
      ),
    ).toEqual({
      ok: false,
      problem: {
        kind: 'gateway-unreachable',
        detail: 'The gateway is unreachable',
      },
    });
  });

  it('should report a refused key and any other status, never an empty list', async () => {
    expect(
      await fetchModels(
        async () =>
          new Response(errorBody('unauthorized', 'Invalid API key'), {
            status: 401,
          }),
      ),
    ).toEqual({
      ok: false,
      problem: { kind: 'key-refused', status: 401, detail: 'Invalid API key' },
    });
    expect(
      await fetchModels(async () => new Response('oops', { status: 500 })),
    ).toEqual({
      ok: false,
      problem: { kind: 'bad-answer', status: 500, detail: 'HTTP 500' },
    });
  });
});
