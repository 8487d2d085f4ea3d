import { createSandyClient } from '@janus/competitor-kit';
import type { JanusEvent } from '@janus/protocol';
import {
  createSandyServer,
  createSilentLogger,
  type SandyServer,
} from '@janus/sandy';
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
});
