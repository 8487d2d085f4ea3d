import { encodeSseData, SSE_DONE } from '@janus/protocol';
import {
  type AIMessageChunk,
  HumanMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createToolCallIdRepairFetch } from './create-tool-call-id-repair-fetch';
import { type IdStyle, startIdLessLlm } from './test/start-id-less-llm';

const GIVEN_ID = /^call_[0-9a-f]{24}$/;

const writeFile = tool(async () => 'ok', {
  name: 'write_file',
  description: 'Writes a file.',
  schema: z.object({ path: z.string(), content: z.string() }),
});

/** A `fetch` that answers `body` with `content-type` (and `status`). */
function answering(body: string, type: string, status = 200): typeof fetch {
  return async () =>
    new Response(body, {
      status,
      headers: { 'content-type': type, 'content-length': String(body.length) },
    });
}

/** The data payloads of an SSE text, parsed (`[DONE]` as is). */
function payloads(text: string): unknown[] {
  return [...text.matchAll(/^data: (.*)$/gm)].map(([, data]) =>
    data === '[DONE]' ? data : JSON.parse(data as string),
  );
}

/** The tool-call fragments of SSE payloads, in order. */
function fragments(text: string) {
  return payloads(text).flatMap(
    payload =>
      (
        payload as {
          choices?: Array<{ delta: { tool_calls?: Array<{ id?: string }> } }>;
        }
      ).choices?.flatMap(choice => choice.delta.tool_calls ?? []) ?? [],
  );
}

describe('createToolCallIdRepairFetch', () => {
  let llm: Awaited<ReturnType<typeof startIdLessLlm>>;
  beforeAll(async () => {
    llm = await startIdLessLlm();
  });
  afterAll(() => llm?.close());

  /** The LLM's answer to a tool-calling request, as text, through `through`. */
  async function answer(style: IdStyle, stream: boolean, through = fetch) {
    const response = await through(`${llm.url(style)}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'idless',
        stream,
        messages: [{ role: 'user', content: 'Write a.txt and b.txt' }],
        tools: [{ type: 'function', function: { name: 'write_file' } }],
      }),
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  function model(style: IdStyle) {
    return new ChatOpenAI({
      model: 'idless',
      apiKey: 'unused',
      configuration: {
        baseURL: llm.url(style),
        fetch: createToolCallIdRepairFetch(),
      },
    }).bindTools([writeFile]);
  }

  it.each([true, false])(
    'should keep an answer whose tool calls have ids byte for byte (stream: %s)',
    async stream => {
      const repaired = createToolCallIdRepairFetch();
      expect(await answer('ids', stream, repaired)).toBe(
        await answer('ids', stream),
      );
    },
  );

  it('should give each streamed call an id on its first fragment and keep the rest as sent', async () => {
    const sent = await answer('none', true);
    const text = await answer('none', true, createToolCallIdRepairFetch());
    const [first, second, ...rest] = fragments(text);
    expect(first?.id).toMatch(GIVEN_ID);
    expect(second?.id).toMatch(GIVEN_ID);
    expect(first?.id).not.toBe(second?.id);
    expect(rest.map(fragment => fragment.id)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Only the two events that start a call changed.
    const before = sent.split('\n\n');
    const after = text.split('\n\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((event, at) => event !== before[at])).toHaveLength(2);
  });

  it('should give a later id of a call the id its first fragment got', async () => {
    const text = await answer('late', true, createToolCallIdRepairFetch());
    const ids = fragments(text).map(fragment => fragment.id);
    expect(ids[0]).toMatch(GIVEN_ID);
    expect(ids[1]).toMatch(GIVEN_ID);
    // Fragments 2 and 4 carried the LLM's `call_upstream_<n>`.
    expect(ids.slice(2)).toEqual([ids[0], undefined, ids[1], undefined]);
  });

  it.each(['none', 'late', 'bare'] as const)(
    'should let LangChain stream both calls (ids %s) as valid tool calls',
    async style => {
      let message: AIMessageChunk | undefined;
      for await (const chunk of await model(style).stream('Write files'))
        message = message?.concat(chunk) ?? chunk;
      expect(message?.invalid_tool_calls).toEqual([]);
      expect(message?.tool_calls?.map(call => call.args)).toEqual([
        { path: 'artifacts/a.txt', content: 'alpha' },
        { path: 'artifacts/b.txt', content: 'beta' },
      ]);
      for (const call of message?.tool_calls ?? [])
        expect(call.id).toMatch(GIVEN_ID);
    },
  );

  it('should give non-streamed calls ids, so LangChain can send them back', async () => {
    const bound = model('none');
    const message = await bound.invoke([new HumanMessage('Write files')]);
    const ids = message.tool_calls?.map(call => call.id);
    expect(ids).toHaveLength(2);
    for (const id of ids ?? []) expect(id).toMatch(GIVEN_ID);
    // Without ids, ChatOpenAI throws `All OpenAI tool calls must have an "id" field.`
    const next = await bound.invoke([
      new HumanMessage('Write files'),
      message,
      ...(message.tool_calls ?? []).map(
        call => new ToolMessage({ content: 'ok', tool_call_id: call.id ?? '' }),
      ),
    ]);
    expect(next.content).toMatch(/^Done/);
  });

  it('should keep comments, event names and ids, and pass on a payload that is not JSON', async () => {
    const chunk = { choices: [{ index: 0, delta: { content: 'hi' } }] };
    const body = `: ping\n\nevent: message\nid: 7\ndata: ${JSON.stringify(chunk)}\n\n${SSE_DONE}`;
    const repaired = createToolCallIdRepairFetch({
      fetch: answering(body, 'text/event-stream'),
    });
    const response = await repaired('http://llm.test/v1/chat/completions');
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.text()).toBe(body);
    const broken = createToolCallIdRepairFetch({
      fetch: answering(
        `${encodeSseData(chunk)}data: {"choices": [\n\n`,
        'text/event-stream',
      ),
    });
    // Not JSON: passed on, for the OpenAI client to fail on.
    expect(
      await (await broken('http://llm.test/v1/chat/completions')).text(),
    ).toBe(`${encodeSseData(chunk)}data: {"choices": [\n\n`);
  });

  it('should pass failed answers and other bodies through untouched', async () => {
    const error = '{"error":{"message":"nope"}}';
    const failing = createToolCallIdRepairFetch({
      fetch: answering(error, 'application/json', 429),
    });
    const response = await failing('http://llm.test/v1/chat/completions');
    expect(response.status).toBe(429);
    expect(response.headers.get('content-length')).toBe(String(error.length));
    expect(await response.text()).toBe(error);
    const plain = createToolCallIdRepairFetch({
      fetch: answering('not json', 'application/json'),
    });
    expect(await (await plain('http://llm.test/v1/models')).text()).toBe(
      'not json',
    );
  });
});
