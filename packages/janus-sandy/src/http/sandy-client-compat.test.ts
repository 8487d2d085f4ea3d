import { rmSync } from 'node:fs';
import { createSandyClient, type SandyAgentEvent } from '@janus/competitor-kit';
import {
  createScriptedModel,
  type ScriptedModel,
} from '@janus/competitor-kit/testing';
import { UpstreamError } from '@janus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRootDirectory } from '../internal/test-manager';
import { createSilentLogger } from '../logger';
import { createSandyServer } from './create-sandy-server';

const rootDirectory = createTestRootDirectory('client');
const sandy = createSandyServer({
  apiKey: 'client-key',
  rootDirectory,
  logger: createSilentLogger(),
});
let listener: Awaited<ReturnType<typeof sandy.listen>>;
let model: ScriptedModel;

beforeAll(async () => {
  listener = await sandy.listen({ port: 0 });
  model = await createScriptedModel();
});

afterAll(async () => {
  await listener.close();
  await sandy.close();
  await model.close();
  rmSync(rootDirectory, { recursive: true, force: true });
});

describe('createSandyServer with the competitor-kit Sandy client', () => {
  it('should serve every client call unchanged', async () => {
    const client = createSandyClient({
      baseURL: listener.url,
      apiKey: 'client-key',
    });
    const { sandboxId, url, status } = await client.create({
      ttl_seconds: 300,
    });
    expect(status).toBe('running');
    expect(url).toBe(`${listener.url}/sandbox/${sandboxId}`);
    expect((await client.get({ sandboxId })).sandboxId).toBe(sandboxId);

    await client.writeFile({
      sandboxId,
      path: 'hello.txt',
      content: 'hello\n',
    });
    await client.writeFile({
      sandboxId,
      path: 'bytes.bin',
      content: new Uint8Array([0, 255, 7]),
    });
    expect(
      new TextDecoder().decode(
        await client.readFile({ sandboxId, path: 'hello.txt' }),
      ),
    ).toBe('hello\n');
    expect([
      ...(await client.readFile({ sandboxId, path: 'bytes.bin' })),
    ]).toEqual([0, 255, 7]);
    expect((await client.listFiles({ sandboxId, path: '.' })).files).toEqual([
      'bytes.bin',
      'hello.txt',
    ]);

    expect(
      await client.exec({ sandboxId, command: 'cat hello.txt; exit 2' }),
    ).toMatchObject({ stdout: 'hello\n', exitCode: 2, timedOut: false });
    const streamed = [];
    for await (const event of client.execStream({
      sandboxId,
      command: 'echo a; echo b >&2',
    }))
      streamed.push(event.type);
    expect(streamed).toEqual(['stdout', 'stderr', 'exit']);

    const events: SandyAgentEvent[] = [];
    for await (const event of client.agentRun({
      sandboxId,
      agent: 'builtin',
      prompt: 'Please run `echo from-agent`',
      apiBaseUrl: model.url,
      model: 'janus-scripted',
    }))
      events.push(event);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'output', text: 'from-agent\n' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'complete', success: true });
    await client.agentCancel({ sandboxId });

    await client.refresh({ sandboxId });
    await client.terminate({ sandboxId });
    const failure = await client
      .exec({ sandboxId, command: 'true' })
      .catch(error => error);
    expect(UpstreamError.isInstance(failure)).toBe(true);
    expect(failure.statusCode).toBe(409);
    const missing = await client
      .get({ sandboxId: 'sbx_missing' })
      .catch(error => error);
    expect(missing.statusCode).toBe(404);
  });
});
