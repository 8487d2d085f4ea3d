import { describe, expect, it } from 'vitest';
import { validArtifact } from './__fixtures__/index';
import { artifactSchema } from './artifact';
import { chatCompletionChunkSchema } from './chat-completion-chunk';
import { usageSchema } from './usage';

const chunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }],
};

describe('chatCompletionChunkSchema', () => {
  it('should accept content, reasoning, tool-call and Janus deltas, keeping unknown fields', () => {
    const value = {
      ...chunk,
      provider: 'Chutes',
      choices: [
        {
          index: 0,
          native_finish_reason: null,
          delta: {
            role: 'assistant',
            content: null,
            reasoning_content: 'r',
            reasoning: null,
            tool_calls: [
              {
                index: 0,
                id: 'c',
                type: 'function',
                function: { name: 'f', arguments: '' },
              },
            ],
            janus: { event: 'status', payload: { message: 'm' } },
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: null,
      system_fingerprint: null,
    };
    expect(chatCompletionChunkSchema.parse(value)).toEqual(value);
  });

  it('should accept the usage chunk with choices: []', () => {
    const value = {
      ...chunk,
      choices: [],
      usage: {
        prompt_tokens: 1,
        completion_tokens: 2,
        total_tokens: 3,
        cost_usd: 0.1,
        sandbox_seconds: 2.5,
      },
    };
    expect(chatCompletionChunkSchema.parse(value)).toEqual(value);
  });

  it('should reject wrong object types, finish reasons and Janus payloads', () => {
    const paths = [
      { ...chunk, object: 'chat.completion' },
      { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: 'done' }] },
      { ...chunk, choices: [{ index: -1, delta: {} }] },
      {
        ...chunk,
        choices: [
          {
            index: 0,
            delta: {
              janus: { event: 'status', payload: { message: 'm', extra: 1 } },
            },
          },
        ],
      },
    ].map(value =>
      chatCompletionChunkSchema
        .safeParse(value)
        .error?.issues[0]?.path.join('.'),
    );
    expect(paths).toEqual([
      'object',
      'choices.0.finish_reason',
      'choices.0.index',
      'choices.0.delta.janus.payload',
    ]);
  });
});

describe('usageSchema', () => {
  it('should accept OpenAI details and Janus cost fields, and reject negatives', () => {
    const usage = {
      prompt_tokens: 9,
      completion_tokens: 12,
      total_tokens: 21,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 3 },
      cost_usd: 0.0004,
      sandbox_seconds: 5.2,
    };
    expect(usageSchema.parse(usage)).toEqual(usage);
    expect(usageSchema.safeParse({ ...usage, total_tokens: -1 }).success).toBe(
      false,
    );
    expect(usageSchema.safeParse({ ...usage, cost_usd: -1 }).success).toBe(
      false,
    );
  });
});

describe('artifactSchema', () => {
  it('should accept a valid artifact', () => {
    expect(artifactSchema.parse(validArtifact)).toEqual(validArtifact);
  });

  it('should be strict and check id, type and sha256', () => {
    for (const bad of [
      { ...validArtifact, extra: true },
      { ...validArtifact, id: 'file_1' },
      { ...validArtifact, type: 'video' },
      { ...validArtifact, sha256: 'A'.repeat(64) },
      { ...validArtifact, size_bytes: -1 },
    ])
      expect(artifactSchema.safeParse(bad).success).toBe(false);
  });
});
