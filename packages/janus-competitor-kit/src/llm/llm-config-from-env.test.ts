import { describe, expect, it, vi } from 'vitest';
import { llmConfigFromEnv } from './llm-config-from-env';

describe('llmConfigFromEnv', () => {
  it.each([
    [
      {
        JANUS_LLM_BASE_URL: 'http://llm.local/v1/',
        JANUS_LLM_API_KEY: 'k',
        JANUS_LLM_MODEL: 'm',
        CHUTES_API_KEY: 'c',
      },
      {
        mode: 'real',
        baseURL: 'http://llm.local/v1',
        apiKey: 'k',
        model: 'm',
        provider: 'custom',
      },
    ],
    [
      {
        JANUS_LLM_BASE_URL: 'http://127.0.0.1:8100/v1',
        JANUS_LLM_MODEL: 'janus-scripted',
      },
      {
        mode: 'scripted',
        baseURL: 'http://127.0.0.1:8100/v1',
        apiKey: 'unused',
        model: 'janus-scripted',
        provider: 'scripted',
      },
    ],
    [
      {
        JANUS_LLM_BASE_URL: 'https://api.openai.com/v1/',
        JANUS_LLM_API_KEY: 'o',
      },
      {
        mode: 'real',
        baseURL: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
        provider: 'openai',
      },
    ],
    [
      { JANUS_LLM_BASE_URL: 'https://llm.chutes.ai/v1' },
      {
        mode: 'real',
        model: 'Qwen/Qwen3-Next-80B-A3B-Instruct',
        provider: 'chutes',
      },
    ],
    [
      { CHUTES_API_KEY: 'c', OPENAI_API_KEY: 'o' },
      {
        mode: 'real',
        baseURL: 'https://llm.chutes.ai/v1',
        apiKey: 'c',
        provider: 'chutes',
      },
    ],
    [
      { OPENAI_API_KEY: 'o', JANUS_LLM_MODEL: 'gpt-4.1' },
      {
        mode: 'real',
        baseURL: 'https://api.openai.com/v1',
        model: 'gpt-4.1',
        provider: 'openai',
      },
    ],
  ])('should read %j', (env, expected) => {
    expect(llmConfigFromEnv(env)).toMatchObject(expected);
  });

  it('should refuse a base URL without a model when the provider has no default', () => {
    for (const value of [undefined, ''])
      expect(() =>
        llmConfigFromEnv({
          JANUS_LLM_BASE_URL: 'http://llm.local/v1',
          JANUS_LLM_MODEL: value,
          OPENAI_API_KEY: 'o',
        }),
      ).toThrow(
        'JANUS_LLM_BASE_URL is set (http://llm.local/v1) but JANUS_LLM_MODEL is not',
      );
  });

  it('should fall back to the scripted model and log a line saying so', () => {
    const warn = vi.fn();
    expect(
      llmConfigFromEnv({}, { logger: { info: vi.fn(), warn, error: vi.fn() } }),
    ).toEqual({ mode: 'scripted' });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('scripted model'),
    );
  });
});
