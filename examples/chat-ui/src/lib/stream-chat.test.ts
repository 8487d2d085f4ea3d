import { describe, expect, it, vi } from 'vitest';
import { chunk, sseText } from '../../test/sse-parts';
import { createAssistantMessage } from './assistant-reducer';
import { streamChat } from './stream-chat';

const start = () =>
  createAssistantMessage({ id: 'a', competitorId: 'c', startedAt: 0 });

describe('streamChat', () => {
  it('should fold a streamed answer and report every state', async () => {
    const onUpdate = vi.fn();
    const fetch = vi.fn(
      async () =>
        new Response(
          sseText({
            chunks: [
              chunk({ reasoning_content: 'hm' }),
              chunk({ content: 'Paris' }),
            ],
          }),
          {
            headers: {
              'content-type': 'text/event-stream',
              'x-request-id': 'req_9',
            },
          },
        ),
    );
    const final = await streamChat({
      body: { model: 'c' },
      message: start(),
      signal: new AbortController().signal,
      onUpdate,
      _internal: { fetch, now: () => 5 },
    });
    expect(final).toMatchObject({
      status: 'done',
      content: 'Paris',
      reasoning: 'hm',
      requestId: 'req_9',
    });
    expect(onUpdate).toHaveBeenLastCalledWith(final);
    expect(fetch).toHaveBeenCalledWith(
      '/api/chat',
      expect.objectContaining({ method: 'POST', body: '{"model":"c"}' }),
    );
  });

  it('should report an HTTP error body as an error', async () => {
    const fetch = vi.fn(async () =>
      Response.json(
        {
          error: {
            message: 'No competitor named x',
            type: 'invalid_request_error',
            param: 'model',
            code: 'model_not_found',
          },
        },
        { status: 404 },
      ),
    );
    const final = await streamChat({
      body: {},
      message: start(),
      signal: new AbortController().signal,
      onUpdate: () => {},
      _internal: { fetch },
    });
    expect(final).toMatchObject({
      status: 'error',
      content: '',
      error: {
        status: 404,
        code: 'model_not_found',
        message: 'No competitor named x',
        inStream: false,
      },
    });
  });

  it("should say what a gateway's HTTP 413 means, in MB", async () => {
    const final = await streamChat({
      body: {},
      message: start(),
      signal: new AbortController().signal,
      onUpdate: () => {},
      _internal: {
        fetch: async () =>
          Response.json(
            {
              error: {
                message: 'The request body exceeds 20971520 bytes',
                type: 'invalid_request_error',
                param: null,
                code: 'payload_too_large',
              },
            },
            { status: 413 },
          ),
      },
    });
    expect(final.error).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      message: expect.stringMatching(
        /^The gateway refused the request as too large \(it accepts at most 20 MB\)\./,
      ),
    });
  });

  it('should end as stopped when aborted mid-stream', async () => {
    const abort = new AbortController();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(
            sseText({ chunks: [chunk({ content: 'one ' })] }).replace(
              'data: [DONE]\n\n',
              '',
            ),
          ),
        );
      },
    });
    const final = await streamChat({
      body: {},
      message: start(),
      signal: abort.signal,
      onUpdate: message => {
        if (message.content === 'one ') abort.abort();
      },
      _internal: {
        fetch: async () =>
          new Response(body, {
            headers: { 'content-type': 'text/event-stream' },
          }),
      },
    });
    expect(final).toMatchObject({
      status: 'stopped',
      content: 'one ',
      error: null,
    });
  });

  it("should let a finished answer's response end rather than cut it (no net::ERR_ABORTED)", async () => {
    const encoder = new TextEncoder();
    const body = { pulls: 0, cancelled: false, ended: false };
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          body.pulls++;
          if (body.pulls === 1)
            return controller.enqueue(
              encoder.encode(sseText({ chunks: [chunk({ content: 'Hi' })] })),
            );
          // The response's end arrives a moment after its `[DONE]`.
          await new Promise(resolve => setTimeout(resolve, 10));
          body.ended = true;
          controller.close();
        },
        cancel() {
          body.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const final = await streamChat({
      body: {},
      message: start(),
      signal: new AbortController().signal,
      onUpdate: () => {},
      _internal: {
        fetch: async () =>
          new Response(stream, {
            headers: { 'content-type': 'text/event-stream' },
          }),
      },
    });
    expect(final).toMatchObject({ status: 'done', content: 'Hi' });
    await vi.waitFor(() => expect(body.ended).toBe(true));
    expect(body.cancelled).toBe(false);
  });

  it('should report a failed fetch of the UI server as a network error that names the UI server, not the gateway', async () => {
    const final = await streamChat({
      body: {},
      message: start(),
      signal: new AbortController().signal,
      onUpdate: () => {},
      _internal: {
        fetch: async () => Promise.reject(new TypeError('fetch failed')),
      },
    });
    expect(final.error).toMatchObject({
      code: 'network_error',
      message: 'Could not reach the chat UI server: fetch failed',
    });
  });
});
