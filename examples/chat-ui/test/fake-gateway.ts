import { vi } from 'vitest';
import { gatewayUnreachableHeader } from '../src/lib/gateway-problem';

/** One `POST /api/chat` the page made. */
export interface FakeChatRequest {
  body: { model: string; messages: unknown[] };
  signal: AbortSignal;
}

/**
 * Stubs `fetch` as the UI's same-origin routes answer: `/api/health` and
 * `/api/models` list competitors `a` and `b` (healthy); `/api/chat` streams
 * forever (until aborted), or answers HTTP 503 for a model in `failing`.
 * `down: true` makes every route fail as an unreachable UI server does;
 * `gatewayDown: true` answers each with the UI server's own 503 (it cannot
 * reach the gateway); `refuseKey: true` answers `/api/models` HTTP 401, as
 * a gateway does for a wrong `GATEWAY_API_KEY`.
 */
export function stubFakeGateway(
  options: {
    failing?: string[];
    down?: boolean;
    gatewayDown?: boolean;
    refuseKey?: boolean;
  } = {},
) {
  const chats: FakeChatRequest[] = [];
  const json = (value: unknown, status = 200, headers = {}) =>
    new Response(JSON.stringify(value), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const error = (code: string, message: string) => ({
    error: { message, type: 'api_error', param: null, code },
  });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (options.down) throw new TypeError('fetch failed');
    if (options.gatewayDown)
      return json(
        error('upstream_unavailable', 'The gateway is unreachable'),
        503,
        { [gatewayUnreachableHeader]: '1' },
      );
    if (options.refuseKey && url === '/api/models')
      return json(error('unauthorized', 'Invalid API key'), 401);
    if (url === '/api/health')
      return json({
        status: 'ok',
        competitors: [
          { id: 'a', name: 'Alpha', health: 'healthy' },
          { id: 'b', name: 'Beta', health: 'healthy' },
        ],
      });
    if (url === '/api/models')
      return json({
        object: 'list',
        data: ['a', 'b'].map(id => ({
          id,
          object: 'model',
          created: 0,
          owned_by: 'janus',
          janus: { name: id === 'a' ? 'Alpha' : 'Beta', health: 'healthy' },
        })),
      });
    const body = JSON.parse(String(init.body));
    chats.push({ body, signal: init.signal as AbortSignal });
    if (options.failing?.includes(body.model))
      return json(
        {
          error: {
            message: 'The competitor is down',
            type: 'upstream_error',
            param: null,
            code: 'upstream_unavailable',
          },
        },
        503,
      );
    return new Response(new ReadableStream({ start() {} }), {
      headers: { 'content-type': 'text/event-stream' },
    });
  });
  return { chats };
}
