import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLlmJudge } from './llm-judge';

const received: Record<string, unknown>[] = [];
let reply = '{"score": 0.8, "reasoning": "mostly right"}';
const server = setupServer(
  http.post('http://judge.test/v1/chat/completions', async ({ request }) => {
    received.push((await request.json()) as Record<string, unknown>);
    if (request.headers.get('authorization') !== 'Bearer k')
      return HttpResponse.json({ error: { message: 'no' } }, { status: 401 });
    return HttpResponse.json({ choices: [{ message: { content: reply } }] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  received.length = 0;
});
afterAll(() => server.close());

describe('createLlmJudge', () => {
  it('should ask an OpenAI-compatible judge for a JSON verdict at temperature 0', async () => {
    const judge = createLlmJudge({
      url: 'http://judge.test/v1',
      model: 'judge-1',
      apiKey: 'k',
    });
    const verdict = await judge({
      prompt: 'Why is the sky blue?',
      answer: 'Rayleigh scattering',
      rubric: 'Names Rayleigh scattering',
    });
    expect(verdict).toEqual({ score: 0.8, reasoning: 'mostly right' });
    expect(received[0]).toMatchObject({
      model: 'judge-1',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
  });

  it('should clamp scores and accept fenced JSON', async () => {
    reply = '```json\n{"score": 7}\n```';
    const judge = createLlmJudge({
      url: 'http://judge.test/v1/chat/completions',
      model: 'judge-1',
      apiKey: 'k',
    });
    expect((await judge({ prompt: 'p', answer: 'a', rubric: 'r' })).score).toBe(
      1,
    );
  });

  it('should throw on an HTTP error or an answer without a score', async () => {
    const unauthorised = createLlmJudge({
      url: 'http://judge.test/v1',
      model: 'judge-1',
    });
    await expect(
      unauthorised({ prompt: 'p', answer: 'a', rubric: 'r' }),
    ).rejects.toThrow();
    reply = 'I think it is fine';
    const judge = createLlmJudge({
      url: 'http://judge.test/v1',
      model: 'judge-1',
      apiKey: 'k',
    });
    await expect(
      judge({ prompt: 'p', answer: 'a', rubric: 'r' }),
    ).rejects.toThrow(
      'The judge did not answer a JSON verdict {"score": 0..1}: "I think it is fine"',
    );
  });
});
