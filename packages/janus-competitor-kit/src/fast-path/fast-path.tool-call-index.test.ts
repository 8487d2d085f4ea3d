import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createLlmClient } from '../llm/create-llm-client';
import { silentLogger } from '../logger/logger';
import { serveFetch } from '../node/serve-fetch';
import { createCompetitor } from '../server/create-competitor';
import { fastPath } from './fast-path';

/** An upstream LLM that streams tool calls without `index`, as Ollama and Gemini's compatibility endpoint have. */
function indexLessLlm() {
  const chunk = (calls: unknown[], finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'u',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [
        { index: 0, delta: { tool_calls: calls }, finish_reason: finish },
      ],
    })}\n\n`;
  const body = [
    chunk([
      {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":' },
      },
    ]),
    chunk([{ function: { arguments: '"Paris"}' } }]),
    chunk(
      [
        {
          id: 'call_2',
          type: 'function',
          function: { name: 'get_time', arguments: '{}' },
        },
      ],
      'tool_calls',
    ),
    'data: [DONE]\n\n',
  ].join('');
  return serveFetch({
    fetch: async () =>
      new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
}

describe('fastPath with an upstream that omits tool call indexes', () => {
  it('should hand the client both calls, whole, with indexes (openai stream helper)', async () => {
    await using llmServer = Object.assign(await indexLessLlm(), {
      [Symbol.asyncDispose]: () => llmServer.close({ graceMs: 0 }),
    });
    const llm = createLlmClient({
      baseURL: `${llmServer.url}/v1`,
      model: 'm',
      retry: 0,
    });
    const competitor = createCompetitor({
      id: 'fast',
      name: 'Fast',
      logger: silentLogger,
      llm: llm.info,
      handle: (request, stream, context) =>
        fastPath({ llm, request, stream, signal: context.signal }).then(
          () => {},
        ),
    });
    await using server = Object.assign(
      await serveFetch({ fetch: competitor.fetch }),
      { [Symbol.asyncDispose]: () => server.close({ graceMs: 0 }) },
    );
    const openai = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'k',
      maxRetries: 0,
    });
    const tools = ['get_weather', 'get_time'].map(name => ({
      type: 'function' as const,
      function: { name, parameters: { type: 'object' } },
    }));
    // The helper merges fragments by index: it fails or merges wrongly without.
    const completion = await openai.chat.completions
      .stream({
        model: 'fast',
        messages: [{ role: 'user', content: 'weather and time?' }],
        tools,
      })
      .finalChatCompletion();
    const message = completion.choices[0]!.message;
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(
      message.tool_calls?.map(call =>
        call.type === 'function'
          ? [call.id, call.function.name, call.function.arguments]
          : [],
      ),
    ).toEqual([
      ['call_1', 'get_weather', '{"city":"Paris"}'],
      ['call_2', 'get_time', '{}'],
    ]);
  });
});
