import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLlmJudge } from './llm-judge';

const received: Record<string, unknown>[] = [];
const urls: string[] = [];
let reply = '{"score": 0.8, "reasoning": "mostly right"}';
const server = setupServer(
  http.post('http://judge.test/v1/chat/completions', async ({ request }) => {
    received.push((await request.json()) as Record<string, unknown>);
    urls.push(request.url);
    if (request.headers.get('authorization') !== 'Bearer k')
      return HttpResponse.json({ error: { message: 'no' } }, { status: 401 });
    return HttpResponse.json({ choices: [{ message: { content: reply } }] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  received.length = 0;
  urls.length = 0;
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

  it.each([
    'http://judge.test/v1?api-version=2024',
    'http://judge.test/v1/?api-version=2024',
    'http://judge.test/v1/chat/completions?api-version=2024',
  ])('should keep the query of %s at the end of the URL', async url => {
    const judge = createLlmJudge({ url, model: 'judge-1', apiKey: 'k' });
    await judge({ prompt: 'p', answer: 'a', rubric: 'r' });
    expect(urls).toEqual([
      'http://judge.test/v1/chat/completions?api-version=2024',
    ]);
  });

  it('should accept fenced JSON and numeric strings, and refuse scores that are not 0..1', async () => {
    const judge = createLlmJudge({
      url: 'http://judge.test/v1/chat/completions',
      model: 'judge-1',
      apiKey: 'k',
    });
    const score = async (text: string) => {
      reply = text;
      return (await judge({ prompt: 'p', answer: 'a', rubric: 'r' })).score;
    };
    expect(await score('```json\n{"score": 0.25}\n```')).toBe(0.25);
    expect(await score('{"score": "0.5"}')).toBe(0.5);
    expect(await score('{"score": 1.0000000001}')).toBe(1);
    // A judge on a 0–10 scale, or one without a score, is a judge error
    // (the rule-based score stays), not a 1 or a 0.
    for (const text of [
      '{"score": 7}',
      '{"score": -0.5}',
      '{"score": null}',
      '{"score": true}',
      '{"score": ""}',
      '{"score": "high"}',
    ])
      await expect(score(text), text).rejects.toThrow(
        'did not answer a JSON verdict',
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
