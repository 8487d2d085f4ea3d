import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './create-app';
import { readConfig } from './read-config';

/**
 * The request header names the official `openai` client sets itself (what a
 * browser lists in `access-control-request-headers`), recorded through its
 * `fetch` option, with the optional organization and project set.
 */
async function openaiRequestHeaderNames(): Promise<string[]> {
  let names: string[] = [];
  const client = new OpenAI({
    baseURL: 'http://127.0.0.1:1/v1',
    apiKey: 'sk-test',
    organization: 'org-test',
    project: 'proj-test',
    maxRetries: 0,
    fetch: async (_url, init) => {
      names = [...new Headers(init?.headers).keys()];
      return Response.json({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [],
      });
    },
  });
  // A per-request timeout adds `x-stainless-timeout`.
  await client.chat.completions.create(
    { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
    { timeout: 30_000 },
  );
  // CORS-safelisted request headers never appear in a preflight.
  const safelisted = new Set(['accept', 'accept-language', 'content-language']);
  return names.filter(name => !safelisted.has(name)).sort();
}

describe('createApp CORS', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { app, gateway } = createApp({
      config: readConfig({ JANUS_COMPETITORS: 'a=http://127.0.0.1:1' }),
      logger: { log: () => {} },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await gateway.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    };
  });
  afterAll(() => close?.());

  it('should allow every header the official openai client sends in a preflight', async () => {
    const names = await openaiRequestHeaderNames();
    expect(names).toEqual(
      expect.arrayContaining([
        'authorization',
        'content-type',
        'openai-organization',
        'openai-project',
        'x-stainless-lang',
        'x-stainless-retry-count',
        'x-stainless-timeout',
      ]),
    );
    const requested = [...names, 'idempotency-key', 'x-request-id'].join(',');
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': requested,
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toMatch(
      /\bPOST\b/,
    );
    const allowed = (response.headers.get('access-control-allow-headers') ?? '')
      .split(',')
      .map(name => name.trim().toLowerCase());
    expect(allowed).toEqual(expect.arrayContaining(requested.split(',')));
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toMatch(
      /access-control-request-headers/i,
    );
  });

  it('should not reflect a malformed access-control-request-headers', async () => {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-ok, bad header',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('should expose the headers clients read, artifacts included', async () => {
    const response = await fetch(`${url}/v1/artifacts/artf_unknown`, {
      headers: { origin: 'https://app.example' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (
      response.headers.get('access-control-expose-headers') ?? ''
    ).split(/\s*,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'x-janus-competitor',
        'etag',
        'content-range',
        'content-disposition',
        'content-length',
        'accept-ranges',
        'retry-after',
        'retry-after-ms',
        'x-should-retry',
        'x-ratelimit-limit-requests',
        'x-ratelimit-remaining-requests',
        'x-ratelimit-reset-requests',
      ]),
    );
  });

  it.each([
    ['no origin', {}],
    [
      'an origin but no access-control-request-method',
      { origin: 'https://a.example' },
    ],
  ])(
    'should let the gateway answer an OPTIONS with %s (204 with allow and x-request-id)',
    async (_case, headers: Record<string, string>) => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: { ...headers, 'x-request-id': 'options-1' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      expect(response.headers.get('x-request-id')).toBe('options-1');
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      const unknown = await fetch(`${url}/nowhere`, { method: 'OPTIONS' });
      expect(unknown.status).toBe(404);
    },
  );
});

describe('createApp CORS with several origins', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { app, gateway } = createApp({
      config: readConfig({
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
        JANUS_CORS_ORIGIN: 'https://a.example,https://b.example',
      }),
      logger: { log: () => {} },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await gateway.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    };
  });
  afterAll(() => close?.());

  it('should echo a listed origin, name no other, and vary on origin', async () => {
    for (const origin of ['https://a.example', 'https://b.example']) {
      const response = await fetch(`${url}/health`, { headers: { origin } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('vary')).toContain('origin');
    }
    const other = await fetch(`${url}/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toContain('origin');
    const preflight = await fetch(`${url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://b.example',
        'access-control-request-method': 'POST',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(
      'https://b.example',
    );
    expect(
      preflight.headers
        .get('vary')
        ?.split(/\s*,\s*/)
        .sort(),
    ).toEqual([
      'access-control-request-headers',
      'access-control-request-method',
      'origin',
    ]);
  });
});

describe('createApp rate limit', () => {
  it('should send the OpenAI x-ratelimit-* headers with JANUS_RATE_LIMIT_PER_MINUTE, readable by a browser', async () => {
    const { app, gateway } = createApp({
      config: readConfig({
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
        JANUS_API_KEYS: 'sk-test',
        JANUS_RATE_LIMIT_PER_MINUTE: '60',
      }),
      logger: { log: () => {} },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Invalid, so the competitor is never called; the token is taken first.
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk-test',
          origin: 'https://app.example',
          'content-type': 'application/json',
        },
        body: '{"model":"m"}',
      });
      expect(response.status).toBe(400);
      // A fresh bucket of 60, one taken: full again in one second.
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('60');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('59');
      expect(response.headers.get('x-ratelimit-reset-requests')).toBe('1s');
      expect(response.headers.get('access-control-expose-headers')).toContain(
        'x-ratelimit-remaining-requests',
      );
    } finally {
      await gateway.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
