import { createSandyClient } from '@janus/competitor-kit';
import type { JanusEvent } from '@janus/protocol';
import {
  createSandyServer,
  createSilentLogger,
  type SandyServer,
} from '@janus/sandy';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxTools } from './create-sandbox-tools';

describe('createSandboxTools', () => {
  let sandy: SandyServer;
  let sandyUrl: string;
  beforeAll(async () => {
    sandy = createSandyServer({ logger: createSilentLogger() });
    sandyUrl = (await sandy.listen({ port: 0 })).url;
  });
  afterAll(() => sandy?.close());

  it('should close a failed run_command once and hand the error to the model', async () => {
    const client = createSandyClient({ baseURL: sandyUrl });
    const { sandboxId } = await client.create({ ttl_seconds: 60 });
    await client.terminate({ sandboxId });
    const events: JanusEvent[] = [];
    const stream = {
      signal: new AbortController().signal,
      event: (event: string, payload: unknown) =>
        events.push({ event, payload } as JanusEvent),
      reasoning: () => {},
      ready: async () => {},
    } as unknown as Parameters<typeof createSandboxTools>[0]['stream'];
    const tools = createSandboxTools({
      sandbox: {
        id: sandboxId,
        url: null,
        sandy: client,
        signal: stream.signal,
      },
      stream,
    });
    const runCommandTool = tools.find(entry => entry.name === 'run_command');
    // As the agent loop calls it: arguments from the model, unchecked here.
    const output = await runCommandTool!.invoke({ command: 'ls' } as never);
    expect(output).toMatch(/^Error: .*terminated/);
    expect(events.map(event => event.event)).toEqual([
      'tool_start',
      'tool_end',
    ]);
    expect(events[1]?.payload).toMatchObject({
      name: 'run_command',
      ok: false,
    });
  });

  it('should give both events of a tool call the id of the call it was invoked with', async () => {
    const client = createSandyClient({ baseURL: sandyUrl });
    const { sandboxId } = await client.create({ ttl_seconds: 60 });
    const events: JanusEvent[] = [];
    const stream = {
      signal: new AbortController().signal,
      event: (event: string, payload: unknown) =>
        events.push({ event, payload } as JanusEvent),
      reasoning: () => {},
      ready: async () => {},
    } as unknown as Parameters<typeof createSandboxTools>[0]['stream'];
    const tools = createSandboxTools({
      sandbox: {
        id: sandboxId,
        url: null,
        sandy: client,
        signal: stream.signal,
      },
      stream,
    });
    // As the agent loop holds them.
    const byName = (name: string): StructuredToolInterface =>
      tools.find(entry => entry.name === name)!;
    try {
      // As the agent loop invokes them: with the model's ToolCall.
      await byName('write_file').invoke({
        id: 'call_write',
        name: 'write_file',
        args: { path: 'a.txt', content: 'hi' },
        type: 'tool_call',
      } as never);
      await byName('run_command').invoke({
        id: 'call_run',
        name: 'run_command',
        args: { command: 'cat a.txt' },
        type: 'tool_call',
      } as never);
      // Bare arguments: no id to give.
      await byName('read_file').invoke({ path: 'a.txt' } as never);
    } finally {
      await client.terminate({ sandboxId });
    }
    expect(
      events.map(({ event, payload }) => [
        event,
        (payload as { name: string }).name,
        (payload as { id?: string }).id,
      ]),
    ).toEqual([
      ['tool_start', 'write_file', 'call_write'],
      ['tool_end', 'write_file', 'call_write'],
      ['tool_start', 'run_command', 'call_run'],
      ['tool_end', 'run_command', 'call_run'],
      ['tool_start', 'read_file', undefined],
      ['tool_end', 'read_file', undefined],
    ]);
    expect(events[3]?.payload).toMatchObject({ ok: true, output: 'hi' });
  });
});
