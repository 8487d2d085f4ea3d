import { describe, expect, it, vi } from 'vitest';
import { createTestServer } from './create-test-server';
import { TestResponseController } from './test-response-controller';

const base = 'https://upstream.test';
const server = createTestServer({
  [`${base}/json`]: { response: { type: 'json-value', body: { ok: true } } },
  [`${base}/stream`]: {
    response: {
      type: 'stream-chunks',
      chunks: ['data: {"a":1}\n\n', 'data: [DONE]\n\n'],
    },
  },
  [`${base}/sequence`]: {
    response: [
      { type: 'error', status: 503, body: { error: { message: 'cold' } } },
      { type: 'json-value', body: { attempt: 2 } },
    ],
  },
  [`${base}/controlled`]: {
    response: {
      type: 'controlled-stream',
      controller: new TestResponseController(),
    },
  },
});

describe('createTestServer', () => {
  it('should answer json-value routes and record the call', async () => {
    const response = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: JSON.stringify({ model: 'm' }),
    });
    expect(await response.json()).toEqual({ ok: true });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({
      requestMethod: 'POST',
      requestUrl: `${base}/json`,
      requestHeaders: { 'x-test': 'yes' },
      requestBodyJson: { model: 'm' },
    });
  });

  it('should reset calls between tests and stream chunks', async () => {
    expect(server.calls).toHaveLength(0);
    const response = await fetch(`${base}/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
  });

  it('should answer a sequence of responses, one per call', async () => {
    const first = await fetch(`${base}/sequence`);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ error: { message: 'cold' } });
    const second = await fetch(`${base}/sequence`);
    expect(await second.json()).toEqual({ attempt: 2 });
  });

  it('should let a test drive a controlled stream', async () => {
    const controller = new TestResponseController();
    server.urls[`${base}/controlled`].response = {
      type: 'controlled-stream',
      controller,
    };
    const response = await fetch(`${base}/controlled`);
    const reader = response
      .body!.pipeThrough(new TextDecoderStream())
      .getReader();
    controller.write('data: one\n\n');
    expect((await reader.read()).value).toBe('data: one\n\n');
    controller.close();
    expect((await reader.read()).done).toBe(true);
  });

  it('should fail requests to unknown URLs (onUnhandledRequest: error)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(fetch(`${base}/unknown`)).rejects.toThrow();
    expect(String(logged.mock.calls[0]?.[0])).toContain(
      'without a matching request handler',
    );
  });
});
