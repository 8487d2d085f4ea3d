import { describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';
import { createScriptedModelHandler } from '../testing/create-scripted-model-handler';
import { createLlmClient } from './create-llm-client';

const messages = [{ role: 'user' as const, content: 'hello' }];

async function drain(iterable: AsyncIterable<unknown>) {
  for await (const _ of iterable);
}

describe('createLlmClient health()', () => {
  it('should report the LLM unavailable after a failed call and available again after a success', async () => {
    const scripted = createScriptedModelHandler();
    let down = true;
    const upstream = await serveFetch({
      fetch: request =>
        down
          ? Promise.resolve(
              Response.json(
                { error: { message: 'no capacity' } },
                { status: 503 },
              ),
            )
          : scripted.fetch(request),
    });
    try {
      const llm = createLlmClient({
        baseURL: `${upstream.url}/v1`,
        model: 'janus-scripted',
        retry: 0,
      });
      expect(llm.health()).toEqual({ llm_available: true });
      await expect(
        drain(llm.streamChat({ request: { messages } })),
      ).rejects.toThrow('LLM answered HTTP 503: no capacity');
      expect(llm.health()).toEqual({
        llm_available: false,
        llm_error: 'LLM answered HTTP 503: no capacity',
      });
      down = false;
      await llm.complete({ request: { messages } });
      expect(llm.health()).toEqual({ llm_available: true });
    } finally {
      await upstream.close();
    }
  });

  it('should count an unreachable LLM, but not a request the LLM rejected or the caller aborted', async () => {
    // Port 1 (tcpmux) is privileged and unused here: connections are refused.
    const unreachable = createLlmClient({
      baseURL: 'http://127.0.0.1:1/v1',
      model: 'm',
      retry: 0,
    });
    await expect(
      unreachable.complete({ request: { messages } }),
    ).rejects.toThrow('LLM is unreachable');
    expect(unreachable.health()).toMatchObject({ llm_available: false });

    const upstream = await serveFetch({
      fetch: async () =>
        Response.json({ error: { message: 'bad field' } }, { status: 400 }),
    });
    try {
      const rejecting = createLlmClient({
        baseURL: `${upstream.url}/v1`,
        model: 'm',
        retry: 0,
      });
      await expect(
        rejecting.complete({ request: { messages } }),
      ).rejects.toThrow('HTTP 400');
      const controller = new AbortController();
      controller.abort();
      await expect(
        rejecting.complete({
          request: { messages },
          signal: controller.signal,
        }),
      ).rejects.toThrow();
      expect(rejecting.health()).toEqual({ llm_available: true });
    } finally {
      await upstream.close();
    }
  });
});
