import { describe, expect, it, vi } from 'vitest';
import { createScriptedModel } from '../testing/create-scripted-model';
import { serveFetch } from './serve-fetch';
import { startLlmFromEnv } from './start-llm-from-env';

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('startLlmFromEnv', () => {
  it('should start a scripted model when no LLM is configured, and say so', async () => {
    const log = logger();
    const { llm, connection, close } = await startLlmFromEnv({
      env: {},
      logger: log,
    });
    try {
      expect(connection).toMatchObject({
        baseURL: llm.info.base_url,
        model: 'janus-scripted',
      });
      expect(connection.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(llm.info).toMatchObject({
        mode: 'scripted',
        model: 'janus-scripted',
      });
      expect(log.warn).toHaveBeenCalledWith(
        expect.stringContaining('scripted model'),
      );
      const completion = await llm.complete({
        request: { messages: [{ role: 'user', content: 'Largest planet?' }] },
      });
      expect(completion.choices[0]?.message.content).toContain('Jupiter');
    } finally {
      await close();
    }
  });

  it('should start the scripted model on the port asked for', async () => {
    // A port that was free a moment ago.
    const probe = await serveFetch({ fetch: async () => new Response() });
    const { port } = probe;
    await probe.close();
    const { connection, close } = await startLlmFromEnv({
      env: {},
      logger: logger(),
      port,
    });
    try {
      expect(connection.baseURL).toBe(`http://127.0.0.1:${port}/v1`);
      expect((await fetch(`${connection.baseURL}/models`)).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('should use the configured base URL without starting anything', async () => {
    const model = await createScriptedModel();
    try {
      const log = logger();
      const { llm, connection } = await startLlmFromEnv({
        env: {
          JANUS_LLM_BASE_URL: model.url,
          JANUS_LLM_API_KEY: 'secret',
          JANUS_LLM_MODEL: 'janus-scripted',
        },
        logger: log,
        client: { retry: 0 },
      });
      expect(llm.info).toEqual({
        mode: 'scripted',
        model: 'janus-scripted',
        base_url: model.url,
        provider: 'scripted',
      });
      expect(connection).toEqual({
        baseURL: model.url,
        apiKey: 'secret',
        model: 'janus-scripted',
      });
      await llm.complete({
        request: { messages: [{ role: 'user', content: 'hi' }] },
      });
      expect(model.requests).toHaveLength(1);
      expect(log.warn).not.toHaveBeenCalled();
      const real = await startLlmFromEnv({
        env: { OPENAI_API_KEY: 'sk-x' },
        logger: log,
      });
      expect(real.llm.info).toMatchObject({
        mode: 'real',
        provider: 'openai',
        base_url: 'https://api.openai.com/v1',
      });
      expect(JSON.stringify(real.llm.info)).not.toContain('sk-x');
    } finally {
      await model.close();
    }
  });

  it('should report the scripted model as scripted whatever JANUS_LLM_MODEL says', async () => {
    const model = await createScriptedModel();
    try {
      const log = logger();
      const { llm } = await startLlmFromEnv({
        env: { JANUS_LLM_BASE_URL: model.url, JANUS_LLM_MODEL: 'gpt-4o-mini' },
        logger: log,
      });
      expect(llm.info).toEqual({
        mode: 'scripted',
        model: 'gpt-4o-mini',
        base_url: model.url,
        provider: 'scripted',
      });
      expect(log.warn).toHaveBeenCalledWith(
        expect.stringContaining('is the Janus scripted model'),
        { base_url: model.url },
      );
    } finally {
      await model.close();
    }
  });

  it('should report an upstream that is not the scripted model as real, even for model janus-scripted', async () => {
    const paths: string[] = [];
    const upstream = await serveFetch({
      fetch: async request => {
        paths.push(
          `${new URL(request.url).pathname} ${request.headers.get('authorization')}`,
        );
        return Response.json({
          object: 'list',
          data: [
            {
              id: 'janus-scripted',
              object: 'model',
              created: 0,
              owned_by: 'vllm',
            },
          ],
        });
      },
    });
    try {
      const { llm } = await startLlmFromEnv({
        env: {
          JANUS_LLM_BASE_URL: `${upstream.url}/v1`,
          JANUS_LLM_API_KEY: 'k',
          JANUS_LLM_MODEL: 'janus-scripted',
        },
        logger: logger(),
      });
      expect(llm.info).toMatchObject({ mode: 'real', provider: 'custom' });
      expect(paths).toEqual(['/v1/models Bearer k']);
    } finally {
      await upstream.close();
    }
  });

  it('should keep the rule from the model name when the upstream cannot be asked, and say so', async () => {
    const log = logger();
    // Port 1 (tcpmux) is privileged and unused here: connections are refused.
    const { llm } = await startLlmFromEnv({
      env: {
        JANUS_LLM_BASE_URL: 'http://127.0.0.1:1/v1',
        JANUS_LLM_MODEL: 'm',
      },
      logger: log,
    });
    expect(llm.info).toMatchObject({ mode: 'real', provider: 'custom' });
    expect(log.warn).toHaveBeenCalledWith(
      expect.stringContaining('could not ask http://127.0.0.1:1/v1/models'),
      expect.objectContaining({ mode: 'real' }),
    );
  });
});
