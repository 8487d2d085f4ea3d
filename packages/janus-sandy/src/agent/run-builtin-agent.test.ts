import { rmSync } from 'node:fs';
import {
  createScriptedModel,
  type ScriptedModel,
} from '@janus/competitor-kit/testing';
import {
  type AgentEvent,
  agentEventSchema,
  parseJsonEventStream,
} from '@janus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandyServer } from '../http/create-sandy-server';
import { createTestRootDirectory } from '../internal/test-manager';
import { createSilentLogger } from '../logger';

const rootDirectory = createTestRootDirectory('agent');
const sandy = createSandyServer({
  rootDirectory,
  logger: createSilentLogger(),
  agent: { heartbeatIntervalMs: 500 },
});
// Keyless: a loopback Host and JSON content-type, as real clients send.
const base = 'http://127.0.0.1:8787';
let model: ScriptedModel;

const post = (path: string, body?: unknown) =>
  sandy.fetch(
    new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
const createSandbox = async (): Promise<string> =>
  (await (await post('/api/sandboxes')).json()).sandboxId;

/** Reads an agent stream to its end, validating every event and timing the gaps. */
async function collect(response: Response) {
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: AgentEvent[] = [];
  let last = Date.now();
  let maxGapMs = 0;
  for await (const part of parseJsonEventStream(response, {
    schema: agentEventSchema,
    requireDone: false,
  })) {
    if (part.type === 'error') throw part.error;
    if (part.type !== 'data') continue;
    maxGapMs = Math.max(maxGapMs, Date.now() - last);
    last = Date.now();
    events.push(part.value);
  }
  return { events, maxGapMs };
}
const messagesOf = (events: AgentEvent[], type: string) =>
  events.flatMap(event =>
    event.type === 'agent-output' && event.data.type === type
      ? [event.data]
      : [],
  );

beforeAll(async () => {
  model = await createScriptedModel();
});

afterAll(async () => {
  await sandy.close();
  await model.close();
  rmSync(rootDirectory, { recursive: true, force: true });
});

describe('runBuiltinAgent', { timeout: 60_000 }, () => {
  it('should write, run and finish a program with the scripted model, streaming Claude-Code-style steps', async () => {
    const sandboxId = await createSandbox();
    const response = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt:
        'Write a Python program that prints the first squares and save its output as a file',
      apiBaseUrl: model.url,
      model: 'janus-scripted',
      maxDuration: 60,
    });
    const { events } = await collect(response);
    expect(events.at(-1)).toMatchObject({
      type: 'complete',
      success: true,
      exitCode: 0,
    });
    expect(events.filter(event => event.type === 'error')).toEqual([]);
    const toolUses = messagesOf(events, 'assistant').flatMap(message =>
      (
        (message.message?.content ?? []) as Array<{
          type: string;
          name?: string;
        }>
      )
        .filter(block => block.type === 'tool_use')
        .map(block => block.name),
    );
    expect(toolUses).toEqual([
      'write_file',
      'run_command',
      'run_command',
      'finish',
    ]);
    const results = messagesOf(events, 'user').flatMap(
      message =>
        message.message?.content as Array<{ type: string; is_error: boolean }>,
    );
    expect(
      results.every(
        block => block.type === 'tool_result' && block.is_error === false,
      ),
    ).toBe(true);
    const [result] = messagesOf(events, 'result');
    expect(result).toMatchObject({
      type: 'result',
      is_error: false,
      result: expect.stringContaining('program.py'),
    });
    expect(result?.usage?.output_tokens).toBeGreaterThan(0);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'files-update',
        changes: expect.arrayContaining([
          { path: '/workspace/artifacts/output.txt', changeType: 'created' },
        ]),
      }),
    );
    // `write_file` on an empty workspace creates the file.
    expect(events).toContainEqual({
      type: 'files-update',
      changes: [{ path: '/workspace/program.py', changeType: 'created' }],
    });
    expect(
      events.some(event => event.type === 'output' && event.text.length > 0),
    ).toBe(true);
    // The LLM was offered the four tools, and the artifact is served.
    expect(JSON.stringify(model.requests.at(-1))).toContain('"run_command"');
    const artifact = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/output.txt`),
    );
    expect(artifact.status).toBe(200);
    expect((await artifact.text()).length).toBeGreaterThan(0);
  });

  it('should send heartbeats so no gap exceeds about a second during a slow command', async () => {
    const sandboxId = await createSandbox();
    const response = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'Please run `sleep 2 && echo $GREETING` for me',
      env: { GREETING: 'slept' },
      apiBaseUrl: model.url,
      model: 'janus-scripted',
    });
    const { events, maxGapMs } = await collect(response);
    expect(
      events.filter(event => event.type === 'heartbeat').length,
    ).toBeGreaterThanOrEqual(2);
    expect(maxGapMs).toBeLessThan(1500);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'output', text: 'slept\n' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'complete', success: true });
  });

  it('should merge env and envVars, env winning on the same name', async () => {
    const sandboxId = await createSandbox();
    const response = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'Please run `echo "$ONLY_ENV-$BOTH-$ONLY_VARS"` for me',
      env: { ONLY_ENV: 'a', BOTH: 'env' },
      envVars: { BOTH: 'envVars', ONLY_VARS: 'c' },
      apiBaseUrl: model.url,
      model: 'janus-scripted',
    });
    const { events } = await collect(response);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'output', text: 'a-env-c\n' }),
    );
    const refused = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'hi',
      env: { GOOD: 'x' },
      envVars: { 'BAD-NAME': 'y' },
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.param).toBe('envVars.BAD-NAME');
  });

  it('should fail with a clear error event when no LLM is configured', async () => {
    const sandboxId = await createSandbox();
    const { events } = await collect(
      await post(`/api/sandboxes/${sandboxId}/agent/run`, {
        agent: 'builtin',
        prompt: 'hello',
      }),
    );
    expect(events).toContainEqual({
      type: 'error',
      error: expect.stringContaining('No LLM configured for the builtin agent'),
    });
    expect(events.at(-1)).toMatchObject({ type: 'complete', success: false });
  });

  it('should report other agents as not available', async () => {
    const sandboxId = await createSandbox();
    const { events } = await collect(
      await post(`/api/sandboxes/${sandboxId}/agent/run`, {
        agent: 'claude-code',
        prompt: 'hello',
      }),
    );
    expect(events).toEqual([
      {
        type: 'error',
        error: expect.stringContaining(
          'agent claude-code is not available in @janus/sandy',
        ),
      },
      expect.objectContaining({ type: 'complete', success: false }),
    ]);
  });

  it('should cancel a running agent, refuse a second run meanwhile and honour maxDuration', async () => {
    const sandboxId = await createSandbox();
    const started = Date.now();
    const response = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'Please run `sleep 30` now',
      apiBaseUrl: model.url,
      model: 'janus-scripted',
    });
    const second = await post(`/api/sandboxes/${sandboxId}/agent/run`, {
      agent: 'builtin',
      prompt: 'again',
      apiBaseUrl: model.url,
      model: 'x',
    });
    expect(second.status).toBe(409);
    setTimeout(
      () => void post(`/api/sandboxes/${sandboxId}/agent/cancel`),
      800,
    );
    const { events } = await collect(response);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(events).toContainEqual({
      type: 'error',
      error: 'The agent run was cancelled',
    });
    expect(events.at(-1)).toMatchObject({ type: 'complete', success: false });
    expect(
      await (await post(`/api/sandboxes/${sandboxId}/agent/cancel`)).json(),
    ).toMatchObject({ cancelled: false });

    const limited = await collect(
      await post(`/api/sandboxes/${sandboxId}/agent/run`, {
        agent: 'builtin',
        prompt: 'Please run `sleep 30` now',
        apiBaseUrl: model.url,
        model: 'janus-scripted',
        maxDuration: 1,
      }),
    );
    expect(limited.events).toContainEqual({
      type: 'error',
      error: 'The agent exceeded its maxDuration of 1 s',
    });
  });
});
