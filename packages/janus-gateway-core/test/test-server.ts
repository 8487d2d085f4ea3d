import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1:0, closed with `await using`. */
export interface TestServer extends AsyncDisposable {
  url: string;
  server: Server;
  /** Requests received so far (method, url, headers, body text). */
  requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[];
  close(): Promise<void>;
}

/**
 * Starts a competitor-like server whose handler misbehaves as a test needs.
 * The request body is read before the handler runs.
 */
export async function startTestServer(
  handler: (
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ) => void | Promise<void>,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body,
    });
    try {
      await handler(request, response, body);
    } catch {
      response.destroy();
    }
  });
  const { url, close } = await listenOnFreePort(server);
  return {
    url,
    server,
    requests,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Listens on 127.0.0.1:0; `close()` drops open connections, then closes. */
export async function listenOnFreePort(
  server: Server,
): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

/** One `chat.completion.chunk` SSE frame with `content` (or extra delta fields). */
export function chunkFrame(
  delta: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  })}\n\n`;
}

/** Starts an SSE answer. */
export function openSse(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  response.flushHeaders();
}

/** A non-stream completion body. */
export function completionBody(
  content: string,
  message: Record<string, unknown> = {},
) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model: 'test',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...message },
        finish_reason: 'stop',
      },
    ],
  };
}

/** A valid artifact descriptor. */
export function artifact(overrides: Record<string, unknown> = {}) {
  return {
    id: 'artf_upstream1',
    type: 'file',
    mime_type: 'text/plain',
    display_name: 'report.txt',
    size_bytes: 11,
    sha256: 'a'.repeat(64),
    created_at: '2026-01-01T00:00:00Z',
    ttl_seconds: 3600,
    url: '/artifacts/report.txt',
    ...overrides,
  };
}

/** Waits until `predicate` holds (polling), or fails after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5_000,
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor timed out');
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
