import { describe, expect, it, vi } from 'vitest';
import { createScriptedModel } from '../testing/create-scripted-model';
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

  it('should use the configured base URL without starting anything', async () => {
    const model = await createScriptedModel();
    try {
      const log = logger();
      const { llm, connection } = await startLlmFromEnv({
        env: { JANUS_LLM_BASE_URL: model.url, JANUS_LLM_API_KEY: 'secret' },
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
});
