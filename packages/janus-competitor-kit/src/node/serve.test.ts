import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from '../server/create-competitor';
import { serve } from './serve';

describe('serve', () => {
  it('should serve a competitor on a real socket to the openai client and abort on disconnect', async () => {
    let cleanedUp!: () => void;
    const cleanup = new Promise<void>(resolve => {
      cleanedUp = resolve;
    });
    const competitor = createCompetitor({
      id: 'socket',
      name: 'Socket',
      logger: silentLogger,
      async handle(request, stream, context) {
        const last = request.messages.at(-1);
        if (last?.content === 'forever') {
          context.signal.addEventListener('abort', () => cleanedUp());
          for (let index = 0; !context.signal.aborted; index++) {
            stream.content(`${index} `);
            await new Promise(resolve => setTimeout(resolve, 10));
          }
          return;
        }
        stream.reasoning('step ');
        stream.content('done');
      },
    });
    await using server = Object.assign(await serve({ competitor }), {
      [Symbol.asyncDispose]: () => server.close(),
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const openai = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    });

    const completion = await openai.chat.completions.create({
      model: 'socket',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('done');

    let text = '';
    const stream = await openai.chat.completions.create({
      model: 'socket',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('done');

    const controller = new AbortController();
    const endless = await openai.chat.completions.create(
      {
        model: 'socket',
        messages: [{ role: 'user', content: 'forever' }],
        stream: true,
      },
      { signal: controller.signal },
    );
    let seen = 0;
    await (async () => {
      for await (const _chunk of endless)
        if (++seen === 3) {
          controller.abort();
          break;
        }
    })().catch(() => {});
    // Resolves only when the client disconnect reached the handler's cleanups.
    await cleanup;
    expect(seen).toBe(3);
  });

  it('should answer an oversized body with 413 and an OpenAI error body', async () => {
    let called = false;
    const server = await serve({
      competitor: {
        fetch: async () => {
          called = true;
          return new Response('unreachable');
        },
      },
      maxBodyBytes: 1024,
    });
    try {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: 'x'.repeat(10_000),
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe('payload_too_large');
      expect(called).toBe(false);
    } finally {
      await server.close();
    }
  });
});
