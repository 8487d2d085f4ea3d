import { UpstreamError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { chunk, partsOf, sseText } from '../../test/sse-parts';
import { createAssistantMessage, reduceAssistant } from './assistant-reducer';
import type { AssistantChatMessage } from './chat-types';

const artifact = {
  id: 'artf_1',
  type: 'file' as const,
  mime_type: 'text/plain',
  display_name: 'output.txt',
  size_bytes: 12,
  sha256: 'a'.repeat(64),
  created_at: '2026-11-26T00:00:00Z',
  ttl_seconds: 3600,
  url: '/v1/artifacts/artf_1',
};

async function fold(text: string): Promise<AssistantChatMessage> {
  let message = createAssistantMessage({
    id: 'a',
    competitorId: 'c',
    startedAt: 1000,
  });
  let at = 1000;
  for (const part of await partsOf(text)) {
    at += 10;
    message = reduceAssistant(message, { type: 'part', part, at });
  }
  return message;
}

describe('reduceAssistant', () => {
  it('should accumulate reasoning, content, events, artifacts and usage from protocol chunks', async () => {
    const message = await fold(
      sseText({
        chunks: [
          chunk({ role: 'assistant' }),
          chunk({
            janus: { event: 'sandbox_start', payload: { sandbox_id: 'sbx_1' } },
          }),
          chunk({ reasoning_content: 'Planning. ' }),
          chunk({
            janus: {
              event: 'tool_start',
              payload: { name: 'run_command', input: { command: 'ls' } },
            },
          }),
          chunk({ reasoning_content: 'Running.' }),
          chunk({ content: 'Hello ' }),
          chunk({ content: '**world**' }),
          chunk({
            janus: { event: 'artifacts', payload: { items: [artifact] } },
          }),
          chunk({
            janus: {
              event: 'sandbox_end',
              payload: { sandbox_id: 'sbx_1', duration_ms: 900 },
            },
          }),
          chunk(
            {},
            {
              choices: [],
              usage: {
                prompt_tokens: 3,
                completion_tokens: 4,
                total_tokens: 7,
              },
            },
          ),
        ],
      }),
    );
    expect(message).toMatchObject({
      status: 'done',
      reasoning: 'Planning. Running.',
      content: 'Hello **world**',
      artifacts: [artifact],
      usage: { total_tokens: 7 },
      model: 'scripted',
      error: null,
    });
    expect(message.timeline.map(entry => entry.event.event)).toEqual([
      'sandbox_start',
      'tool_start',
      'artifacts',
      'sandbox_end',
    ]);
    // First token = the first reasoning chunk (3rd part: role, sandbox_start, reasoning).
    expect(message.firstTokenMs).toBe(30);
    expect(message.durationMs).toBeGreaterThan(message.firstTokenMs ?? 0);
  });

  it('should turn an in-stream error event into an error, never into content', async () => {
    const message = await fold(
      sseText({
        chunks: [chunk({ content: 'partial ' }), chunk({ content: 'answer' })],
        error: new UpstreamError({
          message: 'Scripted failure',
          statusCode: 502,
        }),
      }),
    );
    expect(message.status).toBe('error');
    expect(message.content).toBe('partial answer');
    expect(message.error).toMatchObject({
      message: 'Scripted failure',
      inStream: true,
    });
    expect(message.content).not.toContain('Scripted failure');
  });

  it('should keep the same object for keep-alives', async () => {
    const message = createAssistantMessage({
      id: 'a',
      competitorId: null,
      startedAt: 0,
    });
    const next = reduceAssistant(message, {
      type: 'part',
      part: { type: 'keep-alive', comment: 'ping' },
      at: 5,
    });
    expect(next).toBe(message);
  });

  it('should record HTTP errors, network errors and stops, and ignore anything after the end', () => {
    const start = createAssistantMessage({
      id: 'a',
      competitorId: 'c',
      startedAt: 0,
    });
    const failed = reduceAssistant(start, {
      type: 'http-error',
      status: 404,
      message: 'Unknown competitor',
      code: 'model_not_found',
      at: 20,
    });
    expect(failed).toMatchObject({
      status: 'error',
      durationMs: 20,
      error: { status: 404, code: 'model_not_found', inStream: false },
    });
    expect(
      reduceAssistant(failed, { type: 'part', part: { type: 'done' }, at: 30 }),
    ).toBe(failed);
    expect(
      reduceAssistant(start, { type: 'network-error', message: 'down', at: 1 })
        .error?.code,
    ).toBe('network_error');
    expect(reduceAssistant(start, { type: 'stopped', at: 7 })).toMatchObject({
      status: 'stopped',
      durationMs: 7,
    });
  });

  it('should replace an artifact announced twice instead of duplicating it', async () => {
    const renamed = { ...artifact, display_name: 'renamed.txt' };
    const message = await fold(
      sseText({
        chunks: [
          chunk({
            janus: { event: 'artifacts', payload: { items: [artifact] } },
          }),
          chunk({
            janus: { event: 'artifacts', payload: { items: [renamed] } },
          }),
        ],
      }),
    );
    expect(message.artifacts).toEqual([renamed]);
  });
});
