import { createLlmClient, silentLogger } from '@janus/competitor-kit';
import { type ServedCompetitor, serve } from '@janus/competitor-kit/node';
import {
  type Artifact,
  type JanusEvent,
  parseChatCompletionStream,
} from '@janus/protocol';
import {
  createSandyServer,
  createSilentLogger,
  type SandyServer,
} from '@janus/sandy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaselineLangChain } from './create-baseline-langchain';
import {
  ID_LESS_ANSWER,
  type IdStyle,
  startIdLessLlm,
} from './test/start-id-less-llm';

const AGENT_PROMPT = 'Write a.txt and b.txt';

/** Streams the agent prompt to the competitor; collects what the client sees. */
async function ask(url: string) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'baseline-langchain',
      messages: [{ role: 'user', content: AGENT_PROMPT }],
      stream: true,
      metadata: { routing_decision: 'agent' },
    }),
  });
  const seen = {
    content: '',
    reasoning: '',
    events: [] as JanusEvent[],
    artifacts: [] as Artifact[],
  };
  for await (const part of parseChatCompletionStream(response)) {
    if (part.type === 'error') throw part.error;
    if (part.type !== 'data') continue;
    for (const { delta } of part.value.choices) {
      seen.content += delta.content ?? '';
      seen.reasoning += delta.reasoning_content ?? '';
      if (delta.janus) seen.events.push(delta.janus);
      if (delta.janus?.event === 'artifacts')
        seen.artifacts.push(...delta.janus.payload.items);
    }
  }
  return seen;
}

describe('createBaselineLangChain with an LLM whose tool calls lack ids', () => {
  let llm: Awaited<ReturnType<typeof startIdLessLlm>>;
  let sandy: SandyServer;
  let sandyUrl: string;
  const competitors: ServedCompetitor[] = [];
  beforeAll(async () => {
    llm = await startIdLessLlm();
    sandy = createSandyServer({ logger: createSilentLogger() });
    sandyUrl = (await sandy.listen({ port: 0 })).url;
  });
  afterAll(async () => {
    for (const competitor of competitors) await competitor.close();
    await sandy?.close();
    await llm?.close();
  });

  /** A competitor on the LLM's `style`; its agent prompt's answer and LLM requests. */
  async function run(style: IdStyle) {
    const connection = {
      baseURL: llm.url(style),
      apiKey: 'unused',
      model: 'idless',
    };
    const { competitor } = createBaselineLangChain({
      llm: createLlmClient(connection),
      connection,
      sandy: { baseUrl: sandyUrl },
      logger: silentLogger,
    });
    const served = await serve({ competitor });
    competitors.push(served);
    const before = llm.requests.length;
    const seen = await ask(served.url);
    return { seen, requests: llm.requests.slice(before) };
  }

  /** The tool events' `name:id` pairs, in order. */
  function toolEvents(events: JanusEvent[]) {
    return events
      .filter(e => e.event === 'tool_start' || e.event === 'tool_end')
      .map(e => {
        const payload = e.payload as { name: string; id?: string };
        return { event: e.event, name: payload.name, id: payload.id };
      });
  }

  it.each(['none', 'late', 'bare'] as const)(
    'should run both tool calls when the LLM streams them with ids %s',
    async style => {
      const { seen, requests } = await run(style);
      const tools = toolEvents(seen.events);
      // On a mismatch, show what the agent said it did.
      expect(
        tools.map(t => `${t.event}:${t.name}`),
        seen.reasoning,
      ).toEqual([
        'tool_start:write_file',
        'tool_end:write_file',
        'tool_start:write_file',
        'tool_end:write_file',
      ]);
      const ids = tools.map(t => t.id);
      // Each call has an id of its own, the same on its start and its end.
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).toBe(ids[3]);
      expect(ids[0]).not.toBe(ids[2]);
      // Given here, not the LLM's (its `late` ids come after the calls began).
      for (const id of ids) expect(id).toMatch(/^call_[0-9a-f]{24}$/);
      expect(seen.artifacts.map(a => a.display_name).sort()).toEqual([
        'a.txt',
        'b.txt',
      ]);
      expect(seen.content).toBe(ID_LESS_ANSWER);
      // The LLM got its calls back with those ids, each answered by a tool result.
      const messages = requests.at(-1)?.messages as Array<{
        role: string;
        tool_calls?: Array<{ id: string }>;
        tool_call_id?: string;
      }>;
      expect(
        messages.find(m => m.role === 'assistant')?.tool_calls?.map(c => c.id),
      ).toEqual([ids[0], ids[2]]);
      expect(
        messages.filter(m => m.role === 'tool').map(m => m.tool_call_id),
      ).toEqual([ids[0], ids[2]]);
    },
  );

  it("should keep the LLM's own tool call ids", async () => {
    const { seen } = await run('ids');
    expect(toolEvents(seen.events).map(t => t.id)).toEqual([
      'call_upstream_0',
      'call_upstream_0',
      'call_upstream_1',
      'call_upstream_1',
    ]);
    expect(seen.content).toBe(ID_LESS_ANSWER);
  });
});
