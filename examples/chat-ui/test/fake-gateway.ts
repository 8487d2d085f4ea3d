import { vi } from 'vitest';

/** One `POST /api/chat` the page made. */
export interface FakeChatRequest {
  body: { model: string; messages: unknown[] };
  signal: AbortSignal;
}

/**
 * Stubs `fetch` as the UI's same-origin routes answer: `/api/health` and
 * `/api/models` list competitors `a` and `b` (healthy); `/api/chat` streams
 * forever (until aborted), or answers HTTP 503 for a model in `failing`.
 * `down: true` makes every route fail as an unreachable server does.
 */
export function stubFakeGateway(
  options: { failing?: string[]; down?: boolean } = {},
) {
  const chats: FakeChatRequest[] = [];
  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (options.down) throw new TypeError('fetch failed');
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
