import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createLlmClient } from '../llm/create-llm-client';
import { silentLogger } from '../logger/logger';
import { serveFetch } from '../node/serve-fetch';
import { createCompetitor } from '../server/create-competitor';
import { fastPath } from './fast-path';

/**
 * How the LLM's tool calls carry ids: `none` never (fragments have
 * `index`), `late` only on each call's second fragment, `bare` neither id
 * nor index (one fragment per call).
 */
type IdStyle = 'none' | 'late' | 'bare';

const CALLS = [
  { name: 'get_weather', arguments: '{"city":"Paris"}' },
  { name: 'get_time', arguments: '{"zone":"CET"}' },
];

/** The streamed tool-call fragments of one answer, in order. */
function fragments(style: IdStyle) {
  if (style === 'bare')
    return CALLS.map(call => ({ type: 'function', function: call }));
  return [
    // The second call starts before the first one's arguments come.
    ...CALLS.map((call, index) => ({
      index,
      type: 'function',
      function: { name: call.name, arguments: '' },
    })),
    ...CALLS.flatMap((call, index) =>
      [call.arguments.slice(0, 6), call.arguments.slice(6)].map((part, at) => ({
        index,
        ...(style === 'late' && at === 0 && { id: `call_upstream_${index}` }),
        function: { arguments: part },
      })),
    ),
  ];
}

/**
 * An OpenAI-compatible LLM on 127.0.0.1 (port 0) whose tool calls come
 * without an `id`, as some llama.cpp, vLLM and Ollama versions and proxies
 * send them. `<url>/<style>/v1` picks the {@link IdStyle}; it streams when
 * asked to and answers one JSON body otherwise.
 */
async function startIdLessLlm() {
  const envelope = { id: 'chatcmpl-idless', created: 1, model: 'idless' };
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const data of request) text += data;
    const body = JSON.parse(text) as { stream?: boolean };
    const style = (request.url?.split('/')[1] ?? 'none') as IdStyle;
    if (!body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...envelope,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                tool_calls: CALLS.map(call => ({
                  type: 'function',
                  function: call,
                })),
              },
              finish_reason: 'tool_calls',
            },
          ],
        }),
      );
      return;
    }
    const frame = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({
        ...envelope,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(frame({ role: 'assistant' }));
    for (const fragment of fragments(style))
      response.write(frame({ tool_calls: [fragment] }));
    response.write(frame({}, 'tool_calls'));
    response.end('data: [DONE]\n\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (style: IdStyle) => `http://127.0.0.1:${port}/${style}/v1`,
    [Symbol.asyncDispose]: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A kit competitor on the fast path in front of `baseURL`, and an `openai` client for it. */
async function startCompetitor(baseURL: string) {
  const llm = createLlmClient({ baseURL, model: 'idless', retry: 0 });
  const competitor = createCompetitor({
    id: 'fast',
    name: 'Fast',
    logger: silentLogger,
    llm: llm.info,
    handle: (request, stream, context) =>
      fastPath({ llm, request, stream, signal: context.signal }).then(() => {}),
  });
  const server = await serveFetch({ fetch: competitor.fetch });
  const openai = new OpenAI({
    baseURL: `${server.url}/v1`,
    apiKey: 'k',
    maxRetries: 0,
  });
  return {
    openai,
    [Symbol.asyncDispose]: () => server.close({ graceMs: 0 }),
  };
}

const request = {
  model: 'fast',
  messages: [{ role: 'user' as const, content: 'weather and time?' }],
  tools: CALLS.map(call => ({
    type: 'function' as const,
    function: { name: call.name, parameters: { type: 'object' } },
  })),
};

/** `[id, name, arguments]` of each function call. */
const summary = (calls: OpenAI.ChatCompletionMessageToolCall[] | undefined) =>
  calls?.map(call =>
    call.type === 'function'
      ? [call.id, call.function.name, call.function.arguments]
      : [],
  );

const ANY_ID = expect.stringMatching(/^call_\w+$/);

describe('fastPath with an upstream that streams tool calls without ids', () => {
  it.each(['none', 'late', 'bare'] as const)(
    'should send the client an id on the first fragment of each call (ids %s)',
    async style => {
      await using llm = await startIdLessLlm();
      await using competitor = await startCompetitor(llm.url(style));
      const stream = await competitor.openai.chat.completions.create({
        ...request,
        stream: true,
      });
      const seen = new Map<number, string | undefined>();
      for await (const chunk of stream)
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
          if (!seen.has(call.index)) seen.set(call.index, call.id);
          // A later id (the LLM's own, in `late`) is the one the call got.
          else if (call.id) expect(call.id).toBe(seen.get(call.index));
        }
      expect([...seen.values()]).toEqual([ANY_ID, ANY_ID]);
      expect(new Set(seen.values()).size).toBe(2);
    },
  );

  it.each(['none', 'late', 'bare'] as const)(
    'should let the openai stream helper finish whole tool calls (ids %s)',
    async style => {
      await using llm = await startIdLessLlm();
      await using competitor = await startCompetitor(llm.url(style));
      // Without ids, finalChatCompletion() throws `missing choices[0].tool_calls[0].id`.
      const completion = await competitor.openai.chat.completions
        .stream(request)
        .finalChatCompletion();
      expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
      expect(summary(completion.choices[0]?.message.tool_calls)).toEqual([
        [ANY_ID, 'get_weather', '{"city":"Paris"}'],
        [ANY_ID, 'get_time', '{"zone":"CET"}'],
      ]);
    },
  );

  it('should answer a non-stream client with tool calls that have ids', async () => {
    await using llm = await startIdLessLlm();
    await using competitor = await startCompetitor(llm.url('none'));
    const completion = await competitor.openai.chat.completions.create({
      ...request,
      stream: false,
    });
    expect(summary(completion.choices[0]?.message.tool_calls)).toEqual([
      [ANY_ID, 'get_weather', '{"city":"Paris"}'],
      [ANY_ID, 'get_time', '{"zone":"CET"}'],
    ]);
  });
});

describe('createLlmClient with an upstream whose non-stream tool calls lack ids', () => {
  it('should complete() with an id on each call', async () => {
    await using llm = await startIdLessLlm();
    const client = createLlmClient({
      baseURL: llm.url('none'),
      model: 'idless',
      retry: 0,
    });
    const completion = await client.complete({
      request: { messages: request.messages, tools: request.tools },
    });
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map(call => [call.id, call.function.name, call.function.arguments]),
    ).toEqual([
      [ANY_ID, 'get_weather', '{"city":"Paris"}'],
      [ANY_ID, 'get_time', '{"zone":"CET"}'],
    ]);
    expect(calls[0]?.id).not.toBe(calls[1]?.id);
  });
});
