import {
  createErrorResponse,
  SSE_HEADERS,
  UpstreamError,
} from '@janus/protocol';
import { gatewayUnreachableHeader } from '../lib/gateway-problem';
import { endWithErrorEvent } from './end-with-error-event';
import { gatewayApiKey, gatewayUrl } from './gateway-url';

/** Request headers passed on to the gateway. */
const forwardedRequestHeaders = [
  'content-type',
  'accept',
  'authorization',
  'x-request-id',
  'range',
];

/** Response headers passed back to the browser. */
const forwardedResponseHeaders = [
  'content-type',
  'content-length',
  'content-disposition',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
  'cache-control',
  'x-request-id',
  'retry-after',
  'content-security-policy',
  'x-content-type-options',
];

/** Options of {@link proxyToGateway}. */
export interface ProxyToGatewayOptions {
  /** The browser's request (its `signal` aborts the upstream request). */
  request: Request;
  /** Gateway path, e.g. `/v1/chat/completions`. */
  path: string;
  /** Response headers set whatever the gateway sent (e.g. a sandbox CSP). */
  setResponseHeaders?: Record<string, string>;
  /** @internal */
  _internal?: { fetch?: typeof fetch; baseUrl?: string };
}

/**
 * Forwards a request to the gateway and returns its response unbuffered:
 * `new Response(upstream.body)`, so SSE chunks reach the browser as they
 * arrive, and the browser's abort (stop button, closed tab) aborts the
 * gateway request, which aborts the competitor. SSE responses get the
 * protocol's `SSE_HEADERS` (`no-transform` keeps compression from buffering).
 * An unreachable gateway is a 503 OpenAI error body (`upstream_unavailable`),
 * never a crash; one that goes away mid-answer ends the SSE stream with an
 * `upstream_unavailable` error event ({@link endWithErrorEvent}).
 */
export async function proxyToGateway(
  options: ProxyToGatewayOptions,
): Promise<Response> {
  const { request } = options;
  const fetchImpl = options._internal?.fetch ?? fetch;
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The UI's own key for a gateway that requires one: it stays on the
  // server, and replaces whatever the browser sent.
  const apiKey = gatewayApiKey();
  if (apiKey !== undefined) headers.set('authorization', `Bearer ${apiKey}`);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetchImpl(
      `${options._internal?.baseUrl ?? gatewayUrl()}${options.path}`,
      {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        signal: request.signal,
        cache: 'no-store',
      },
    );
  } catch (error) {
    return createErrorResponse(
      new UpstreamError({
        message: `The gateway is unreachable: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      }),
      // Tells the browser this 503 is the UI server's own: the gateway did
      // not answer (not the gateway answering 503).
      { headers: { [gatewayUnreachableHeader]: '1' } },
    );
  }
  const responseHeaders = new Headers();
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const isSse = (upstream.headers.get('content-type') ?? '').startsWith(
    'text/event-stream',
  );
  if (isSse) {
    for (const [name, value] of Object.entries(SSE_HEADERS))
      responseHeaders.set(name, value);
    responseHeaders.delete('content-length');
  }
  for (const [name, value] of Object.entries(options.setResponseHeaders ?? {}))
    responseHeaders.set(name, value);
  // A gateway that goes away mid-answer ends the stream with an error event.
  const body =
    isSse && upstream.body
      ? endWithErrorEvent({ body: upstream.body, signal: request.signal })
      : upstream.body;
  return new Response(body, {
    status: upstream.status,
    headers: responseHeaders,
  });
}
