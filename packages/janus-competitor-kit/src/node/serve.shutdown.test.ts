import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger/logger';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from '../server/create-competitor';
import type { CompetitorContext } from '../server/run-handler';
import { serve } from './serve';

/** A logger that records what it is given. */
function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields: unknown }> =
    [];
  const record =
    (level: string) => (message: string, fields?: Record<string, unknown>) => {
      entries.push({ level, message, fields });
    };
  const logger: Logger = {
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, entries };
}

/**
 * A competitor whose handler streams `before `, lets `setup` register its
 * cleanups, then waits for the abort (or, for the prompt `quick`, ends).
 */
function competitorWith(options: {
  setup(context: CompetitorContext): void;
  logger?: Logger;
}) {
  let markStarted!: () => void;
  const started = new Promise<void>(resolve => {
    markStarted = resolve;
  });
  const competitor = createCompetitor({
    id: 'shutdown',
    name: 'Shutdown',
    logger: options.logger ?? silentLogger,
    async handle(request, stream, context) {
      options.setup(context);
      stream.content('before ');
      markStarted();
      if (request.messages.at(-1)?.content === 'quick') return;
      await new Promise<void>(resolve => {
        context.signal.addEventListener('abort', () => resolve());
      });
    },
  });
  return { competitor, started };
}

/** Starts a stream and reads it to the end in the background. */
function startStream(url: string, prompt: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'shutdown',
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    }),
  }).then(response => response.text());
}

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

describe('serve close', () => {
  it('should wait for the cleanups of a request it aborted before resolving', async () => {
    const events: string[] = [];
    const { competitor, started } = competitorWith({
      setup(context) {
        // Like terminating a sandbox: slower than the handler's own exit.
        context.onCleanup(async () => {
          await sleep(200);
          events.push('cleanup done');
        });
      },
    });
    const server = await serve({ competitor, logger: silentLogger });
    const answer = startStream(server.url, 'forever');
    await started;
    await server.close({ graceMs: 0 });
    events.push('closed');
    expect(events).toEqual(['cleanup done', 'closed']);
    expect(await answer).toMatch(/shutting down/);
  });

  it('should wait for the cleanups of a request that finished during the grace period', async () => {
    const events: string[] = [];
    let finishedStreams = 0;
    const { competitor, started } = competitorWith({
      setup(context) {
        context.onCleanup(async () => {
          await sleep(200);
          events.push('cleanup done');
        });
      },
    });
    const server = await serve({ competitor, logger: silentLogger });
    const answer = startStream(server.url, 'quick').then(text => {
      finishedStreams++;
      return text;
    });
    await started;
    await server.close({ graceMs: 60_000 });
    events.push('closed');
    expect(events).toEqual(['cleanup done', 'closed']);
    expect(await answer).toMatch(/before .*data: \[DONE\]\n\n$/s);
    expect(finishedStreams).toBe(1);
  });

  it('should resolve (not reject) when a cleanup throws, run the others and log the failure', async () => {
    const events: string[] = [];
    const { logger, entries } = recordingLogger();
    const { competitor, started } = competitorWith({
      logger,
      setup(context) {
        context.onCleanup(async () => {
          await sleep(200);
          events.push('slow cleanup done');
        });
        // Runs first (last registered first) and fails both ways.
        context.onCleanup(() => Promise.reject(new Error('rejected')));
        context.onCleanup(() => {
          throw new Error('thrown');
        });
      },
    });
    const server = await serve({ competitor, logger: silentLogger });
    const answer = startStream(server.url, 'forever');
    await started;
    await expect(server.close({ graceMs: 0 })).resolves.toBeUndefined();
    expect(events).toEqual(['slow cleanup done']);
    expect(
      entries
        .filter(entry => entry.message === 'cleanup failed')
        .map(entry => (entry.fields as { error: string }).error),
    ).toEqual(['Error: thrown', 'Error: rejected']);
    await answer;
  });

  it('should stop waiting for a cleanup that never settles after abortWaitMs, and say so', async () => {
    const { logger, entries } = recordingLogger();
    const { competitor, started } = competitorWith({
      setup(context) {
        context.onCleanup(() => new Promise(() => {}));
      },
    });
    const server = await serve({ competitor, logger });
    const answer = startStream(server.url, 'forever');
    await started;
    const startedAt = performance.now();
    await server.close({ graceMs: 0, abortWaitMs: 100 });
    // Generous: the point is that it resolves, not how fast.
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    expect(entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/still pending after 100 ms/),
        fields: { requests: 0, pending: 1 },
      }),
    ]);
    await answer;
  });

  it('should send connection: close with an answer that starts during close, even an SSE one', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    let markStarted!: () => void;
    const started = new Promise<void>(resolve => {
      markStarted = resolve;
    });
    const competitor = createCompetitor({
      id: 'shutdown',
      name: 'Shutdown',
      logger: silentLogger,
      // No write and no heartbeat before the release: the headers wait.
      heartbeatMs: 120_000,
      async handle(_request, stream) {
        markStarted();
        await released;
        stream.content('late');
      },
    });
    const server = await serve({ competitor, logger: silentLogger });
    const answer = fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'shutdown',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    await started;
    const closing = server.close({ graceMs: 60_000 });
    release();
    const response = await answer;
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // SSE_HEADERS say keep-alive; a draining server must not.
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.text()).toMatch(/late.*data: \[DONE\]\n\n$/s);
    await closing;
  });

  it('should answer a request that arrives on an open connection during close with 503, an OpenAI error body and connection: close', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    const handled: string[] = [];
    const competitor = createCompetitor({
      id: 'shutdown',
      name: 'Shutdown',
      logger: silentLogger,
      async handle(_request, stream) {
        stream.content('before ');
        await released;
        stream.content('after');
      },
      health: () => {
        handled.push('health');
        return {};
      },
    });
    const server = await serve({ competitor, logger: silentLogger });
    // One keep-alive connection: a stream in flight, then (pipelined, once
    // the shutdown began) a second request on the same connection.
    const socket = connect(server.port, '127.0.0.1');
    socket.setEncoding('utf8');
    let received = '';
    const ended = new Promise<void>(resolve => {
      socket.on('data', (text: string) => {
        received += text;
      });
      socket.on('close', () => resolve());
    });
    const body = JSON.stringify({
      model: 'shutdown',
      stream: true,
      messages: [{ role: 'user', content: 'gate' }],
    });
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await vi.waitFor(() => expect(received).toContain('before '));
    const closing = server.close({ graceMs: 60_000 });
    socket.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
    // Let the server parse the second request before the first ends.
    await sleep(50);
    release();
    await closing;
    await ended;
    // The stream ended in full, then the second answer followed.
    expect(received).toMatch(/before .*after.*data: \[DONE\]\n\n/s);
    const second = received.slice(received.lastIndexOf('HTTP/1.1 '));
    expect(second).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(second.toLowerCase()).toContain('connection: close\r\n');
    const json = second.slice(second.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(json)).toEqual({
      error: {
        message: expect.stringMatching(/shutting down/),
        type: 'api_error',
        param: null,
        code: 'upstream_unavailable',
      },
    });
    expect(handled).toEqual([]);
  });
});
