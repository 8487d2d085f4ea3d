import { describe, expect, it } from 'vitest';
import { validArtifact } from './__fixtures__/index';
import { chatCompletionSchema } from './chat-completion';
import { errorBodySchema } from './error-body';
import { competitorHealthSchema, gatewayHealthSchema } from './health';
import { modelListSchema } from './models';

describe('chatCompletionSchema', () => {
  it('should keep reasoning_content, artifacts and Janus events on the message', () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'baseline-agent-cli',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Done.',
            reasoning_content: 'steps',
            artifacts: [validArtifact],
            janus_events: [{ event: 'status', payload: { message: 'ok' } }],
            annotations: [],
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      service_tier: 'default',
    };
    expect(chatCompletionSchema.parse(completion)).toEqual(completion);
  });

  it('should reject a chunk object and a missing finish_reason', () => {
    const base = { id: 'x', created: 1, model: 'm' };
    expect(
      chatCompletionSchema.safeParse({
        ...base,
        object: 'chat.completion.chunk',
        choices: [],
      }).success,
    ).toBe(false);
    expect(
      chatCompletionSchema.safeParse({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'x' } }],
      }).error?.issues[0]?.path,
    ).toEqual(['choices', 0, 'finish_reason']);
  });
});

describe('modelListSchema', () => {
  it('should accept OpenAI model lists with optional Janus metadata', () => {
    const list = {
      object: 'list',
      data: [
        { id: 'gpt-4o', object: 'model', created: 1, owned_by: 'openai' },
        {
          id: 'baseline-agent-cli',
          object: 'model',
          created: 1,
          owned_by: 'janus',
          janus: { name: 'Agent CLI', health: 'healthy', llm_mode: 'scripted' },
        },
      ],
    };
    expect(modelListSchema.parse(list)).toEqual(list);
    expect(
      modelListSchema.safeParse({
        ...list,
        data: [{ ...list.data[1], janus: { health: 'fine' } }],
      }).success,
    ).toBe(false);
  });
});

describe('competitorHealthSchema', () => {
  it('should accept a competitor health answer', () => {
    const health = {
      status: 'degraded',
      id: 'baseline-agent-cli',
      llm: { mode: 'scripted', provider: 'scripted' },
      sandbox_available: false,
      in_flight: 0,
    };
    expect(competitorHealthSchema.parse(health)).toEqual(health);
    expect(competitorHealthSchema.safeParse({ status: 'fine' }).success).toBe(
      false,
    );
  });

  it('should accept a description and type it as a string', () => {
    const health = competitorHealthSchema.parse({
      status: 'ok',
      name: 'My competitor',
      description: 'Answers fast, builds in a sandbox',
    });
    const description: string | undefined = health.description;
    expect(description).toBe('Answers fast, builds in a sandbox');
    expect(
      competitorHealthSchema.safeParse({ status: 'ok', description: 42 })
        .success,
    ).toBe(false);
  });
});

describe('gatewayHealthSchema', () => {
  it('should accept a gateway health answer', () => {
    const health = {
      status: 'ok',
      version: '0.1.0',
      uptime_seconds: 12,
      default_competitor: 'baseline-agent-cli',
      competitors: [
        {
          id: 'baseline-agent-cli',
          health: 'healthy',
          llm: { mode: 'real', model: 'm', base_url: 'https://llm.example' },
          last_checked_at: '2026-11-26T12:00:00Z',
          last_error: null,
        },
      ],
    };
    expect(gatewayHealthSchema.parse(health)).toEqual(health);
    expect(
      gatewayHealthSchema.safeParse({ ...health, competitors: [{ id: 'x' }] })
        .error?.issues[0]?.path,
    ).toEqual(['competitors', 0, 'health']);
  });
});

describe('errorBodySchema', () => {
  it('should accept OpenAI error bodies, including numeric codes', () => {
    for (const body of [
      {
        error: {
          message: 'bad',
          type: 'invalid_request_error',
          param: 'messages',
          code: 'invalid_request',
        },
      },
      { error: { message: 'upstream', code: 429 } },
    ])
      expect(errorBodySchema.parse(body)).toEqual(body);
    expect(errorBodySchema.safeParse({ error: 'bad' }).success).toBe(false);
  });
});
