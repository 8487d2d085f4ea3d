import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient } from '../llm/create-llm-client';
import { silentLogger } from '../logger/logger';
import { type RunningServer, serveFetch } from '../node/serve-fetch';
import { createCompetitor } from '../server/create-competitor';
import { createScriptedModelHandler } from '../testing/create-scripted-model-handler';
import { fastPath } from './fast-path';

describe('fastPath', () => {
  let upstream: RunningServer;
  let competitorServer: RunningServer;
  let openai: OpenAI;
  let upstreamAborted!: () => void;
  const upstreamAbort = new Promise<void>(resolve => {
    upstreamAborted = resolve;
  });

  beforeAll(async () => {
    const scripted = createScriptedModelHandler();
    const slow = createScriptedModelHandler({ pace: { tokensPerSecond: 20 } });
    upstream = await serveFetch({
      fetch: request => {
        if (request.headers.get('x-slow') === '1') {
          request.signal.addEventListener('abort', () => upstreamAborted());
          return slow.fetch(request);
        }
        return scripted.fetch(request);
      },
    });
    const fast = createLlmClient({
      baseURL: `${upstream.url}/v1`,
      model: 'janus-scripted',
      retry: 0,
    });
    const slowLlm = createLlmClient({
      baseURL: `${upstream.url}/v1`,
      model: 'janus-scripted',
      retry: 0,
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.set('x-slow', '1');
        return fetch(request);
      },
    });
    const competitor = createCompetitor({
      id: 'fast',
      name: 'Fast',
      logger: silentLogger,
      llm: fast.info,
      handle: (request, stream, context) =>
        fastPath({
          llm: request.metadata?.slow ? slowLlm : fast,
          request,
          stream,
          signal: context.signal,
        }).then(() => {}),
    });
    competitorServer = await serveFetch({ fetch: competitor.fetch });
    openai = new OpenAI({
      baseURL: `${competitorServer.url}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await competitorServer.close();
    await upstream.close();
  });

  it('should stream reasoning, content and priced usage through the competitor', async () => {
    const stream = await openai.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'What is the capital of Germany?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let reasoning = '';
    let usage: (OpenAI.CompletionUsage & { cost_usd?: number }) | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as
        | { content?: string; reasoning_content?: string }
        | undefined;
      content += delta?.content ?? '';
      reasoning += delta?.reasoning_content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(content).toBe('The capital of Germany is Berlin.');
    expect(reasoning).toContain('Scripted model');
    expect(usage).toMatchObject({ prompt_tokens: 6, cost_usd: 0 });
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('should answer non-stream requests', async () => {
    const completion = await openai.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'what is 6 * 7' }],
    });
    expect(completion.choices[0]?.message.content).toBe('6 * 7 = 42');
    expect(completion.model).toBe('fast');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('should forward tool calls', async () => {
    const completion = await openai.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'Use get_time for "Europe/Berlin"' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_time',
            parameters: {
              type: 'object',
              properties: { zone: { type: 'string' } },
            },
          },
        },
      ],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(
      call?.type === 'function' && JSON.parse(call.function.arguments),
    ).toEqual({ zone: 'Europe/Berlin' });
  });

  it('should pass an upstream error mid-stream to the client as an APIError', async () => {
    const stream = await openai.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: '[[error]]' }],
      stream: true,
    });
    const error = await (async () => {
      for await (const _chunk of stream) {
      }
    })().catch(caught => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String(error.message)).toContain('[[error]]');
  });

  it('should return the upstream status before the first byte', async () => {
    const error = await openai.chat.completions
      .create({
        model: 'fast',
        messages: [{ role: 'user', content: '[[fail]]' }],
      })
      .catch(caught => caught);
    expect(error.status).toBe(502);
  });

  it('should abort the upstream LLM call when the client disconnects', async () => {
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      {
        model: 'fast',
        messages: [{ role: 'user', content: '[[long 500]]' }],
        stream: true,
        metadata: { slow: '1' },
      },
      { signal: controller.signal },
    );
    let seen = 0;
    await (async () => {
      for await (const _chunk of stream)
        if (++seen === 3) {
          controller.abort();
          break;
        }
    })().catch(() => {});
    // Resolves only when the disconnect travelled client → competitor → LLM.
    await upstreamAbort;
    expect(seen).toBe(3);
  });
});
