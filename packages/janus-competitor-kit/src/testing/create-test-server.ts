import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TestResponseController } from './test-response-controller';

/** What a route of {@link createTestServer} answers. */
export type TestResponse = {
  status?: number;
  headers?: Record<string, string>;
} & (
  | { type: 'json-value'; body: unknown }
  | { type: 'stream-chunks'; chunks: string[] }
  | { type: 'error'; status: number; body?: unknown }
  | { type: 'controlled-stream'; controller: TestResponseController }
);

/** One request the test server received. */
export interface TestServerCall {
  requestUrl: string;
  requestMethod: string;
  requestHeaders: Record<string, string>;
  /** The raw request body text. */
  requestBody: string;
  /** The request body parsed as JSON (`undefined` when it is not JSON). */
  readonly requestBodyJson: unknown;
}

/** A route: one response, or one per call (the last repeats). */
export type TestRoute = { response: TestResponse | TestResponse[] };

/** The server returned by {@link createTestServer}. */
export interface TestServer<URLS extends string> {
  /** Routes by URL; change `response` inside a test. Reset before each test. */
  urls: Record<URLS, TestRoute>;
  /** Requests received in the current test, in order. */
  calls: TestServerCall[];
}

/**
 * An msw server for testing HTTP clients (STYLE.md 11.4, after vercel/ai's
 * `createTestServer`), wired into the vitest lifecycle: listens in
 * `beforeAll` with `onUnhandledRequest: 'error'`, resets calls and responses
 * in `beforeEach`, closes in `afterAll`. Call it at the top of a test file.
 *
 * @param routes Initial response per absolute URL.
 * @returns `urls` (mutable routes) and `calls` (recorded requests).
 * @example
 * ```ts
 * const server = createTestServer({
 *   'https://llm.test/v1/chat/completions': { response: { type: 'json-value', body: completion } },
 * });
 * it('should …', async () => { …; expect(server.calls[0]?.requestBodyJson).toMatchObject({ model: 'm' }); });
 * ```
 */
export function createTestServer<URLS extends string>(
  routes: Record<URLS, TestRoute>,
): TestServer<URLS> {
  const initial = { ...routes };
  const state: TestServer<URLS> = { urls: { ...routes }, calls: [] };
  let server: { close(): void } | undefined;

  beforeAll(async () => {
    const [{ http }, { setupServer }] = await Promise.all([
      import('msw'),
      import('msw/node'),
    ]);
    const handlers = Object.keys(initial).map(url =>
      http.all(url, async ({ request }) => {
        const requestBody = await request.text();
        const callIndex = state.calls.filter(
          call => call.requestUrl === request.url,
        ).length;
        state.calls.push(recordCall(request, requestBody));
        const route = state.urls[url as URLS];
        const responses = Array.isArray(route.response)
          ? route.response
          : [route.response];
        const response = responses[Math.min(callIndex, responses.length - 1)];
        if (!response) throw new Error(`No test response for ${url}`);
        return toResponse(response);
      }),
    );
    const mswServer = setupServer(...handlers);
    mswServer.listen({ onUnhandledRequest: 'error' });
    server = mswServer;
  });
  beforeEach(() => {
    state.calls.length = 0;
    Object.assign(state.urls, initial);
  });
  afterAll(() => {
    server?.close();
  });
  return state;
}

function recordCall(request: Request, requestBody: string): TestServerCall {
  return {
    requestUrl: request.url,
    requestMethod: request.method,
    requestHeaders: Object.fromEntries(request.headers.entries()),
    requestBody,
    get requestBodyJson() {
      try {
        return JSON.parse(requestBody) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

function toResponse(response: TestResponse): Response {
  const headers = new Headers(response.headers);
  switch (response.type) {
    case 'json-value':
      return Response.json(response.body, {
        status: response.status ?? 200,
        headers,
      });
    case 'error': {
      const body =
        typeof response.body === 'string'
          ? response.body
          : JSON.stringify(
              response.body ?? {
                error: {
                  message: 'test error',
                  type: 'api_error',
                  param: null,
                  code: null,
                },
              },
            );
      return new Response(body, { status: response.status, headers });
    }
    case 'stream-chunks': {
      if (!headers.has('content-type'))
        headers.set('content-type', 'text/event-stream');
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of response.chunks)
            controller.enqueue(encoder.encode(chunk));
          controller.close();
        },
      });
      return new Response(body, { status: response.status ?? 200, headers });
    }
    case 'controlled-stream':
      if (!headers.has('content-type'))
        headers.set('content-type', 'text/event-stream');
      return new Response(response.controller.createStream(), {
        status: response.status ?? 200,
        headers,
      });
  }
}
