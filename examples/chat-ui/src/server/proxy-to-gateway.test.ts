// @vitest-environment node
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBodySchema, SSE_HEADERS } from '@janus/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as getArtifact } from '../../app/api/artifacts/[id]/route';
import { gatewayUnreachableHeader } from '../lib/gateway-problem';
import { proxyToGateway } from './proxy-to-gateway';

/** A gateway stand-in on a real socket: streams SSE on demand and records closes. */
function startStandIn() {
  const state = {
    stream: null as ServerResponse | null,
    closed: false,
    body: '',
    range: null as string | null,
    authorization: null as string | null,
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', data => {
      body += data;
    });
    request.on('end', () => {
      state.body = body;
      state.range = request.headers.range ?? null;
      state.authorization = request.headers.authorization ?? null;
      if (request.url === '/v1/chat/completions') {
        response.writeHead(200, {
          'content-type': 'text/event-stream',
          'x-request-id': 'req_1',
        });
        response.write('data: {"first":true}\n\n');
        response.on('close', () => {
          state.closed = true;
        });
        state.stream = response;
        return;
      }
      if (request.url === '/v1/artifacts/artf_html') {
        // A gateway (or an older one) that forgets the protective headers.
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        response.end(
          '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        );
        return;
      }
      response.writeHead(206, {
        'content-type': 'text/plain',
        'content-range': 'bytes 0-1/5',
        'content-disposition': 'attachment; filename="a.txt"',
      });
      response.end('he');
    });
  });
  return new Promise<{ url: string; state: typeof state; server: Server }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          state,
          server,
        }),
      ),
  );
}

describe('proxyToGateway', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  beforeEach(async () => {
    standIn = await startStandIn();
  });
  afterEach(async () => {
    standIn.server.closeAllConnections();
    await new Promise(resolve => standIn.server.close(resolve));
  });

  it('should pass SSE through unbuffered, with SSE_HEADERS, and forward the abort', async () => {
    const abort = new AbortController();
    const response = await proxyToGateway({
      request: new Request('http://ui/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model":"m"}',
        signal: abort.signal,
      }),
      path: '/v1/chat/completions',
      _internal: { baseUrl: standIn.url },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(
      SSE_HEADERS['cache-control'],
    );
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(standIn.state.body).toBe('{"model":"m"}');
    const reader = response.body!.getReader();
    // The first event arrives while the upstream stream is still open.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(
      'data: {"first":true}\n\n',
    );
    expect(standIn.state.closed).toBe(false);
    abort.abort();
    await expect.poll(() => standIn.state.closed).toBe(true);
  });

  it('should end the stream with an error event when the gateway connection breaks mid-answer', async () => {
    const response = await proxyToGateway({
      request: new Request('http://ui/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"model":"m"}',
      }),
      path: '/v1/chat/completions',
      _internal: { baseUrl: standIn.url },
    });
    await expect.poll(() => standIn.state.stream).not.toBeNull();
    // The gateway dies in the middle of an event: its socket closes.
    standIn.state.stream!.write('data: {"half');
    await new Promise(resolve => setTimeout(resolve, 50));
    standIn.state.stream!.socket!.destroy();
    // The browser gets a well-formed SSE stream, not a cut connection.
    const text = await response.text();
    expect(text.startsWith('data: {"first":true}\n\n')).toBe(true);
    const frames = text.trim().split('\n\n');
    expect(frames).toHaveLength(2);
    const body = errorBodySchema.parse(
      JSON.parse(frames[1]!.replace(/^data: /, '')),
    );
    expect(body.error.code).toBe('upstream_unavailable');
    expect(body.error.message).toMatch(/connection to the gateway was lost/);
  });

  it('should send GATEWAY_API_KEY as the bearer key, in place of what the browser sent', async () => {
    const send = (authorization?: string) =>
      proxyToGateway({
        request: new Request('http://ui.test/api/artifacts/artf_1', {
          headers: authorization ? { authorization } : {},
        }),
        path: '/v1/artifacts/artf_1',
        _internal: { baseUrl: standIn.url },
      }).then(response => response.arrayBuffer());
    vi.stubEnv('GATEWAY_API_KEY', '');
    try {
      await send();
      expect(standIn.state.authorization).toBeNull();
      vi.stubEnv('GATEWAY_API_KEY', 'sk-ui');
      await send();
      expect(standIn.state.authorization).toBe('Bearer sk-ui');
      await send('Bearer sk-browser');
      expect(standIn.state.authorization).toBe('Bearer sk-ui');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('should forward Range and artifact headers', async () => {
    const response = await proxyToGateway({
      request: new Request('http://ui/api/artifacts/artf_1', {
        headers: { range: 'bytes=0-1' },
      }),
      path: '/v1/artifacts/artf_1',
      _internal: { baseUrl: standIn.url },
    });
    expect(standIn.state.range).toBe('bytes=0-1');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 0-1/5');
    expect(response.headers.get('content-disposition')).toContain('a.txt');
    expect(await response.text()).toBe('he');
  });

  it("should serve artifacts sandboxed so HTML/SVG cannot run scripts in the app's origin", async () => {
    vi.stubEnv('GATEWAY_URL', standIn.url);
    try {
      const response = await getArtifact(
        new Request('http://ui/api/artifacts/artf_html'),
        { params: Promise.resolve({ id: 'artf_html' }) },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(response.headers.get('content-security-policy')).toMatch(
        /(^|;\s*)sandbox(;|$)/,
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('should serve an artifact inline for the preview frame only when asked, still sandboxed', async () => {
    vi.stubEnv('GATEWAY_URL', standIn.url);
    try {
      const get = (url: string) =>
        getArtifact(new Request(url), {
          params: Promise.resolve({ id: 'artf_1' }),
        });
      const download = await get('http://ui/api/artifacts/artf_1');
      expect(download.headers.get('content-disposition')).toBe(
        'attachment; filename="a.txt"',
      );
      const inline = await get('http://ui/api/artifacts/artf_1?inline');
      expect(inline.headers.get('content-disposition')).toBe(
        'inline; filename="a.txt"',
      );
      expect(inline.headers.get('content-security-policy')).toBe('sandbox');
      expect(await inline.text()).toBe('he');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('should answer an OpenAI error body when the gateway is unreachable', async () => {
    const response = await proxyToGateway({
      request: new Request('http://ui/api/models'),
      path: '/v1/models',
      _internal: { baseUrl: 'http://127.0.0.1:9' },
    });
    expect(response.status).toBeGreaterThanOrEqual(502);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error.message).toMatch(/gateway is unreachable/);
    // Marked as the UI server's own answer, not one of the gateway's.
    expect(response.headers.get(gatewayUnreachableHeader)).toBe('1');
  });
});
