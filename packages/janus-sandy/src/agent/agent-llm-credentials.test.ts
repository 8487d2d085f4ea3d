import { rmSync } from 'node:fs';
import {
  type AgentEvent,
  agentEventSchema,
  parseJsonEventStream,
} from '@janus/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSandyServer,
  type SandyServerOptions,
} from '../http/create-sandy-server';
import { createTestRootDirectory } from '../internal/test-manager';
import { createSilentLogger } from '../logger';
import type { SandyAgentOptions } from './agent-config';

const operator = {
  baseUrl: 'http://operator-llm.test/v1',
  apiKey: 'operator-secret-key',
  model: 'operator-model',
};
const rootDirectory = createTestRootDirectory('llm');
const servers: Array<ReturnType<typeof createSandyServer>> = [];

afterAll(async () => {
  await Promise.all(servers.map(server => server.close()));
  rmSync(rootDirectory, { recursive: true, force: true });
});

/** A completion that calls `finish` at once. */
const finishCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'finish', arguments: '{"summary":"done"}' },
          },
        ],
      },
    },
  ],
};

/** A Sandy whose LLM calls go to a recording stub instead of the network. */
function createServer(
  agent: Omit<SandyAgentOptions, 'fetch' | 'llm'> = {},
  answer: () => Response = () => Response.json(finishCompletion),
) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const options: SandyServerOptions = {
    rootDirectory,
    logger: createSilentLogger(),
    maxSandboxes: 8,
    warmPoolSize: 0,
    agent: {
      ...agent,
      llm: operator,
      fetch: async (url, init) => {
        calls.push({
          url: String(url),
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return answer();
      },
    },
  };
  const sandy = createSandyServer(options);
  servers.push(sandy);
  const post = (path: string, body?: unknown) =>
    sandy.fetch(
      new Request(`http://127.0.0.1:8787${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  const run = async (body: Record<string, unknown>) => {
    const { sandboxId } = await (await post('/api/sandboxes')).json();
    return post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'hi',
      ...body,
    });
  };
  const events = async (response: Response) => {
    const collected: AgentEvent[] = [];
    for await (const part of parseJsonEventStream(response, {
      schema: agentEventSchema,
      requireDone: false,
    }))
      if (part.type === 'data') collected.push(part.value);
    return collected;
  };
  return { calls, run, events };
}

describe('builtin agent LLM credentials', { timeout: 30_000 }, () => {
  it("should send the operator's key only to the operator's base URL", async () => {
    const { calls, run, events } = createServer();
    for (const body of [
      { apiBaseUrl: 'http://attacker.test/v1', model: 'm' },
      { apiBaseUrl: 'http://attacker.test/v1', model: 'm', apiKey: 'client' },
      {},
      { apiBaseUrl: 'http://operator-llm.test/v1/' },
    ]) {
      const outcome = await events(await run(body));
      expect(outcome.at(-1)).toMatchObject({ success: true });
    }
    expect(calls).toEqual([
      {
        url: 'http://attacker.test/v1/chat/completions',
        authorization: null,
      },
      {
        url: 'http://attacker.test/v1/chat/completions',
        authorization: 'Bearer client',
      },
      {
        url: 'http://operator-llm.test/v1/chat/completions',
        authorization: `Bearer ${operator.apiKey}`,
      },
      {
        url: 'http://operator-llm.test/v1/chat/completions',
        authorization: `Bearer ${operator.apiKey}`,
      },
    ]);
  });

  it('should refuse a client apiBaseUrl the operator forbids or has not allow-listed', async () => {
    const listed = createServer({
      clientBaseUrls: ['http://allowed.test/v1'],
    });
    const refused = await listed.run({
      apiBaseUrl: 'http://attacker.test/v1',
      model: 'm',
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({
      code: 'invalid_request',
      param: 'apiBaseUrl',
    });
    const allowed = await listed.run({
      apiBaseUrl: 'http://allowed.test/v1',
      model: 'm',
    });
    expect((await listed.events(allowed)).at(-1)).toMatchObject({
      success: true,
    });
    expect(listed.calls).toEqual([
      { url: 'http://allowed.test/v1/chat/completions', authorization: null },
    ]);

    const closed = createServer({ clientBaseUrls: 'none' });
    const forbidden = await closed.run({
      apiBaseUrl: 'http://attacker.test/v1',
      model: 'm',
    });
    expect(forbidden.status).toBe(400);
    expect(closed.calls).toEqual([]);
  });

  it('should accept an LLM answer without id, created or usage.total_tokens (some OpenAI-compatible servers)', async () => {
    const { id: _id, created: _created, ...sparse } = finishCompletion;
    const { run, events } = createServer({}, () =>
      Response.json({
        ...sparse,
        usage: { prompt_tokens: 3, completion_tokens: 4 },
      }),
    );
    const outcome = await events(await run({}));
    expect(outcome.filter(event => event.type === 'error')).toEqual([]);
    expect(outcome.at(-1)).toMatchObject({ success: true });
  });

  it('should report upstream errors with a short, sanitised excerpt only', async () => {
    const body = `{"error":{"message":"denied\u001b[31m\r\nfor ${operator.apiKey}"}}${'x'.repeat(5000)}`;
    const { run, events } = createServer(
      {},
      () => new Response(body, { status: 401 }),
    );
    const outcome = await events(await run({}));
    const error = outcome.find(event => event.type === 'error');
    expect(error).toBeDefined();
    const message = error?.type === 'error' ? error.error : '';
    expect(message).toContain('401');
    expect(message).toContain('denied');
    expect(message).not.toContain(operator.apiKey);
    expect(message).not.toMatch(/\p{Cc}/u);
    expect(message.length).toBeLessThan(300);
  });
});
