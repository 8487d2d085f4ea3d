import { TimeoutError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';
import { createScriptedModel } from '../testing/create-scripted-model';
import { TestResponseController } from '../testing/test-response-controller';
import { createLlmClient } from './create-llm-client';

const messages = [{ role: 'user' as const, content: 'hi' }];

// Real sockets (no msw): the scripted model answers a non-stream request only
// when the whole reply is paced out (about 16 s at 2 pieces per second).
describe('createLlmClient complete() timeouts', () => {
  it('should apply the total timeout to a non-stream call whose answer is slow', async () => {
    const model = await createScriptedModel({ pace: { tokensPerSecond: 2 } });
    try {
      const llm = createLlmClient({
        baseURL: model.url,
        model: 'janus-scripted',
        timeoutMs: { total: 300, firstByte: 30_000 },
        retry: 0,
      });
      const started = performance.now();
      const error = await llm
        .complete({ request: { messages } })
        .catch(caught => caught);
      expect(TimeoutError.isInstance(error) && error.phase).toBe('total');
      expect(error.message).toContain('300 ms');
      // Generous bound: the reply itself would take about 16 s.
      expect(performance.now() - started).toBeLessThan(8000);
    } finally {
      await model.close();
    }
  });

  it('should apply the total timeout while reading a JSON body that stalls after the headers', async () => {
    const controller = new TestResponseController();
    controller.write('{"id":"x","object":"chat.completion",');
    let upstreamAborted = false;
    const upstream = await serveFetch({
      fetch: request => {
        request.signal.addEventListener('abort', () => {
          upstreamAborted = true;
        });
        return Promise.resolve(
          new Response(controller.createStream(), {
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    });
    try {
      const llm = createLlmClient({
        baseURL: `${upstream.url}/v1`,
        model: 'm',
        timeoutMs: { total: 300 },
        retry: 0,
      });
      const error = await llm
        .complete({ request: { messages } })
        .catch(caught => caught);
      expect(TimeoutError.isInstance(error) && error.phase).toBe('total');
      await expect.poll(() => upstreamAborted).toBe(true);
    } finally {
      await upstream.close();
    }
  });

  it('should apply the idle timeout between body chunks of a non-stream answer', async () => {
    const controller = new TestResponseController();
    controller.write('{"id":"x",');
    const upstream = await serveFetch({
      fetch: () =>
        Promise.resolve(
          new Response(controller.createStream(), {
            headers: { 'content-type': 'application/json' },
          }),
        ),
    });
    try {
      const llm = createLlmClient({
        baseURL: `${upstream.url}/v1`,
        model: 'm',
        timeoutMs: { idle: 200 },
        retry: 0,
      });
      const error = await llm
        .complete({ request: { messages } })
        .catch(caught => caught);
      expect(TimeoutError.isInstance(error) && error.phase).toBe('idle');
    } finally {
      await upstream.close();
    }
  });
});
