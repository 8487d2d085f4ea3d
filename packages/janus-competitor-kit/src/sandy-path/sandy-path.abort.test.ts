import { SseParseError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger/logger';
import { silentLogger } from '../logger/logger';
import { serve } from '../node/serve';
import { serveFetch } from '../node/serve-fetch';
import { createFakeSandy } from '../sandy/__fixtures__/fake-sandy';
import { createSandyClient } from '../sandy/create-sandy-client';
import { createCompetitor } from '../server/create-competitor';
import { runAgent } from './run-agent';
import { runCommand } from './run-command';
import { withSandbox } from './with-sandbox';

/** A logger that keeps its error entries. */
function recordingLogger() {
  const errors: string[] = [];
  const logger: Logger = {
    info() {},
    warn() {},
    error(message, fields) {
      errors.push(`${message}: ${String(fields?.error)}`);
    },
  };
  return { logger, errors };
}

/**
 * A competitor on a real socket whose handler runs `work` (a command or an
 * agent that does not end by itself) in a sandbox of a fake Sandy; `busy`
 * resolves once that work started streaming.
 */
async function setup(work: 'command' | 'agent') {
  const fake = createFakeSandy({
    streamingExec: true,
    commands: { 'sleep 10': { stdout: 'sleeping\n', hold: true } },
    agentEvents: [{ type: 'status', message: 'working' }, 5_000],
  });
  const sandyServer = await serveFetch({
    fetch: fake.fetch,
    logger: silentLogger,
  });
  const sandy = createSandyClient({ baseURL: sandyServer.url });
  const { logger, errors } = recordingLogger();
  let markBusy!: () => void;
  const busy = new Promise<void>(resolve => {
    markBusy = resolve;
  });
  const competitor = createCompetitor({
    id: 'sandy-abort',
    name: 'Sandy abort',
    logger,
    async handle(_request, stream, context) {
      // The first reasoning line of the work marks it as running.
      const original = stream.reasoning.bind(stream);
      stream.reasoning = text => {
        if (/sleeping|working/.test(text)) markBusy();
        original(text);
      };
      await withSandbox(
        { sandy, stream, signal: context.signal },
        async sandbox => {
          if (work === 'command')
            await runCommand({ sandbox, stream, command: 'sleep 10' });
          else
            await runAgent({ sandbox, stream, agent: 'builtin', prompt: 'x' });
        },
      );
    },
  });
  const server = await serve({ competitor, logger: silentLogger });
  const ask = (signal?: AbortSignal) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sandy-abort',
        messages: [{ role: 'user', content: 'run it' }],
      }),
      signal,
    });
  return {
    fake,
    errors,
    busy,
    ask,
    server,
    async [Symbol.asyncDispose]() {
      await server.close({ graceMs: 0 });
      await sandyServer.close({ graceMs: 0 });
    },
  };
}

describe('the Sandy path, non-stream, aborted', () => {
  it.each(['command', 'agent'] as const)(
    'should not report a client disconnect during a %s as a failure',
    async work => {
      await using stack = await setup(work);
      const client = new AbortController();
      const answer = stack.ask(client.signal).catch(() => 'aborted');
      await stack.busy;
      client.abort();
      expect(await answer).toBe('aborted');
      // close() resolves once the handler has answered (and logged).
      await stack.server.close({ graceMs: 10_000 });
      expect(stack.fake.terminated.size).toBe(1);
      expect(stack.errors).toEqual([]);
    },
  );

  it.each(['command', 'agent'] as const)(
    'should answer 503 upstream_unavailable (retryable) when serve().close() aborts a %s',
    async work => {
      await using stack = await setup(work);
      const answer = stack.ask();
      await stack.busy;
      const closing = stack.server.close({ graceMs: 0 });
      const response = await answer;
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        code: 'upstream_unavailable',
        message: expect.stringMatching(/shutting down/),
      });
      expect(response.headers.get('x-should-retry')).toBeNull();
      await closing;
      expect(stack.fake.terminated.size).toBe(1);
      expect(stack.errors).toEqual([]);
    },
  );
});

describe('createSandyClient, aborted mid-stream', () => {
  it('should throw the abort reason from execStream and agentRun, not a read failure', async () => {
    const fake = createFakeSandy({
      streamingExec: true,
      commands: { 'sleep 10': { stdout: 'sleeping\n', hold: true } },
      agentEvents: [{ type: 'status', message: 'working' }, 5_000],
    });
    const served = await serveFetch({
      fetch: fake.fetch,
      logger: silentLogger,
    });
    await using sandyServer = Object.assign(served, {
      [Symbol.asyncDispose]: () => served.close({ graceMs: 0 }),
    });
    const sandy = createSandyClient({ baseURL: sandyServer.url });
    const { sandboxId } = await sandy.create();
    for (const events of [
      (signal: AbortSignal) =>
        sandy.execStream({ sandboxId, command: 'sleep 10', signal }),
      (signal: AbortSignal) =>
        sandy.agentRun({ sandboxId, agent: 'builtin', prompt: 'x', signal }),
    ]) {
      const controller = new AbortController();
      const reason = new Error('the client went away');
      const caught = await (async () => {
        for await (const _event of events(controller.signal))
          controller.abort(reason);
      })().catch((error: unknown) => error);
      expect(SseParseError.isInstance(caught)).toBe(false);
      expect(caught).toBe(reason);
    }
  });
});
