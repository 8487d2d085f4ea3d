import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger/logger';
import { type CompetitorOptions, createCompetitor } from './create-competitor';

function competitor(handle: CompetitorOptions['handle']) {
  return createCompetitor({
    id: 'test',
    name: 'Test',
    handle,
    logger: silentLogger,
  });
}

function post(body: Record<string, unknown>): Request {
  return new Request('http://competitor.test/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'test',
      messages: [{ role: 'user', content: 'hi' }],
      ...body,
    }),
  });
}

/** A promise plus its resolver. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(done => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createCompetitor cleanups', () => {
  it("should hand the cleanups' completion to the server's waitUntil", async () => {
    const cleanupGate = deferred();
    const events: string[] = [];
    const app = competitor(async (_request, stream, context) => {
      context.onCleanup(async () => {
        await cleanupGate.promise;
        events.push('cleanup done');
      });
      stream.content('hi');
    });
    const waited: Array<Promise<unknown>> = [];
    const response = await app.fetch(post({ stream: true }), {
      waitUntil: promise => waited.push(promise),
    });
    await response.text();
    await vi.waitFor(() => expect(waited).toHaveLength(1));
    let settled = false;
    void waited[0]?.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    cleanupGate.resolve();
    await waited[0];
    expect(events).toEqual(['cleanup done']);
  });

  it('should run a cleanup registered after the client disconnected at once, not when the handler ends', async () => {
    const events: string[] = [];
    const handlerGate = deferred();
    const app = competitor(async (_request, stream, context) => {
      stream.content('x');
      await new Promise<void>(resolve => {
        context.signal.addEventListener('abort', () => resolve());
      });
      // E.g. a sandbox whose create call returned after the abort.
      context.onCleanup(() => {
        events.push('late cleanup');
      });
      await handlerGate.promise;
    });
    const response = await app.fetch(post({ stream: true }));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await vi.waitFor(() => expect(events).toEqual(['late cleanup']));
    handlerGate.resolve();
  });

  it('should answer a non-stream request only after the cleanups its abort started', async () => {
    // Without a server's waitUntil (edge runtimes), the answer is what keeps
    // the cleanups alive: those the abort started count too.
    const events: string[] = [];
    const controller = new AbortController();
    const app = competitor(async (_request, _stream, context) => {
      context.onCleanup(async () => {
        await new Promise(resolve => setTimeout(resolve, 50));
        events.push('cleanup done');
      });
      controller.abort();
      await new Promise(resolve => setTimeout(resolve, 0));
    });
    const request = new Request(post({}), { signal: controller.signal });
    const response = await app.fetch(request);
    events.push('answered');
    expect(response.ok).toBe(true);
    expect(events).toEqual(['cleanup done', 'answered']);
  });

  it('should ignore a second argument without waitUntil (Next passes { params })', async () => {
    const app = competitor(async (_request, stream, context) => {
      context.onCleanup(() => {});
      stream.content('ok');
    });
    const response = await app.fetch(post({}), {
      params: Promise.resolve({}),
    } as never);
    expect((await response.json()).choices[0].message.content).toBe('ok');
  });
});
