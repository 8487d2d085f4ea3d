import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AgentEvent,
  agentEventSchema,
  parseJsonEventStream,
} from '@janus/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandyServer } from '../http/create-sandy-server';
import { createTestRootDirectory } from '../internal/test-manager';
import { createSilentLogger } from '../logger';

const rootDirectory = createTestRootDirectory('agent-id-less');
const sandy = createSandyServer({
  rootDirectory,
  logger: createSilentLogger(),
});

afterAll(async () => {
  await sandy.close();
  rmSync(rootDirectory, { recursive: true, force: true });
});

/**
 * An OpenAI-compatible LLM on 127.0.0.1 (port 0) whose tool calls have no
 * `id`, as some llama.cpp, vLLM and Ollama versions send them: it writes
 * `a.txt`, then finishes. `requests` records each request body.
 */
async function startIdLessLlm() {
  const requests: Array<{ messages: Array<Record<string, unknown>> }> = [];
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const data of request) text += data;
    const body = JSON.parse(text) as (typeof requests)[number];
    requests.push(body);
    const done = body.messages.some(message => message.role === 'tool');
    const call = done
      ? { name: 'finish', arguments: '{"summary":"Wrote a.txt"}' }
      : {
          name: 'write_file',
          arguments: '{"path":"a.txt","content":"alpha"}',
        };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'chatcmpl-idless',
        object: 'chat.completion',
        created: 1,
        model: 'idless',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [{ type: 'function', function: call }],
            },
            finish_reason: 'tool_calls',
          },
        ],
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    [Symbol.asyncDispose]: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const post = (path: string, body?: unknown) =>
  sandy.fetch(
    new Request(`http://127.0.0.1:8787${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

describe('runBuiltinAgent with an LLM whose tool calls lack ids', () => {
  it('should give each call an id, answer it with that id and finish', async () => {
    await using llm = await startIdLessLlm();
    const { sandboxId } = await (await post('/api/sandboxes')).json();
    const response = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'Write a.txt',
      apiBaseUrl: llm.url,
      model: 'idless',
      maxDuration: 30,
    });
    const events: AgentEvent[] = [];
    for await (const part of parseJsonEventStream(response, {
      schema: agentEventSchema,
      requireDone: false,
    })) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'data') events.push(part.value);
    }
    expect(events.filter(event => event.type === 'error')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'complete', success: true });
    // The LLM's second request: the call, with its id, and the answer to it.
    const [assistant, tool] = llm.requests[1]?.messages.slice(-2) ?? [];
    const id = (assistant?.tool_calls as Array<{ id: string }> | undefined)?.[0]
      ?.id;
    expect(id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: id });
  });
});
