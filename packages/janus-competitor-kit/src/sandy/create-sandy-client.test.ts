import { JanusError, statusForErrorCode, UpstreamError } from '@janus/protocol';
import {
  afterAll,
  beforeAll,
  describe,
  expect,
  it,
  onTestFinished,
  vi,
} from 'vitest';
import { type RunningServer, serveFetch } from '../node/serve-fetch';
import { createFakeSandy, type FakeSandy } from './__fixtures__/fake-sandy';
import { createSandyClient } from './create-sandy-client';

describe('createSandyClient', () => {
  let fake: FakeSandy;
  let server: RunningServer;

  beforeAll(async () => {
    fake = createFakeSandy({
      apiKey: 'sandy-key',
      commands: { 'exit 3': { stderr: 'boom', exit_code: 3 } },
      agentEvents: [
        { type: 'status', message: 'starting' },
        { type: 'agent-output', data: { type: 'result', result: 'done' } },
        { type: 'retry', attempt: 1 },
        { type: 'error', error: 'soft failure' },
        { type: 'complete', success: true, exitCode: 0, duration: 2 },
      ],
    });
    server = await serveFetch({ fetch: fake.fetch });
  });
  afterAll(() => server.close());

  const client = () =>
    createSandyClient({
      baseURL: server.url,
      apiKey: 'sandy-key',
      timeoutMs: 5000,
    });

  it('should create and get sandboxes, normalising the hosted field variants', async () => {
    const sandy = client();
    const created = await sandy.create({ ttl_seconds: 60, priority: 1 });
    expect(created).toEqual({
      sandboxId: expect.stringMatching(/^sbx_/),
      url: expect.stringContaining('sandbox.test'),
      createdAt: '2026-01-01T00:00:00Z',
      timeoutAt: null,
      status: 'running',
    });
    expect(fake.bodies.get('POST /api/sandboxes')).toEqual({
      ttl_seconds: 60,
      priority: 1,
    });
    expect((await sandy.get({ sandboxId: created.sandboxId })).sandboxId).toBe(
      created.sandboxId,
    );
  });

  it('should exec commands and normalise exit_code', async () => {
    const sandy = client();
    const { sandboxId } = await sandy.create();
    expect(await sandy.exec({ sandboxId, command: 'echo hi' })).toMatchObject({
      stdout: 'ran: echo hi\n',
      exitCode: 0,
    });
    expect(
      await sandy.exec({ sandboxId, command: 'exit 3', timeoutMs: 1000 }),
    ).toMatchObject({ stderr: 'boom', exitCode: 3 });
  });

  it('should exec with a timeoutMs beyond the timer range (Sandy clamps it) instead of throwing a RangeError', async () => {
    const sandy = client();
    const { sandboxId } = await sandy.create();
    expect(
      await sandy.exec({ sandboxId, command: 'echo hi', timeoutMs: 3e9 }),
    ).toMatchObject({ stdout: 'ran: echo hi\n', exitCode: 0 });
  });

  it('should wait out Sandy’s default 60 s command limit when exec has no timeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answers: Array<(response: Response) => void> = [];
      // A Sandy that answers only when the test says so (a long command).
      const sandy = createSandyClient({
        baseURL: 'http://sandy.test',
        fetch: () => new Promise(resolve => answers.push(resolve)),
      });
      const settled = (promise: Promise<unknown>) =>
        promise.then(
          value => ({ value }),
          (error: unknown) => ({ error }),
        );
      const long = settled(sandy.exec({ sandboxId: 'sbx_1', command: 'a' }));
      await vi.advanceTimersByTimeAsync(55_000);
      answers[0]!(Response.json({ stdout: 'done', stderr: '', exitCode: 0 }));
      expect(await long).toEqual({
        value: expect.objectContaining({ stdout: 'done', exitCode: 0 }),
      });
      // Still bounded: Sandy's limit plus a margin.
      const hung = settled(sandy.exec({ sandboxId: 'sbx_1', command: 'b' }));
      await vi.advanceTimersByTimeAsync(75_000);
      expect(await hung).toEqual({
        error: expect.objectContaining({ code: 'timeout' }),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('should write text and bytes and read them back, raw or JSON-wrapped', async () => {
    const sandy = client();
    const { sandboxId } = await sandy.create();
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);
    await sandy.writeFile({ sandboxId, path: 'notes.txt', content: 'hällo' });
    await sandy.writeFile({
      sandboxId,
      path: '/workspace/artifacts/blob.bin',
      content: bytes,
    });
    expect(
      new TextDecoder().decode(
        await sandy.readFile({ sandboxId, path: 'notes.txt' }),
      ),
    ).toBe('hällo');
    expect(
      await sandy.readFile({
        sandboxId,
        path: '/workspace/artifacts/blob.bin',
      }),
    ).toEqual(bytes);
    expect(
      (await sandy.listFiles({ sandboxId, path: '/workspace/artifacts' }))
        .files,
    ).toEqual(['blob.bin']);

    const raw = createFakeSandy({ readMode: 'raw' });
    const rawServer = await serveFetch({ fetch: raw.fetch });
    try {
      const rawSandy = createSandyClient({ baseURL: rawServer.url });
      const other = await rawSandy.create();
      await rawSandy.writeFile({
        sandboxId: other.sandboxId,
        path: 'data.json',
        content: '{"content":1}',
      });
      expect(
        new TextDecoder().decode(
          await rawSandy.readFile({
            sandboxId: other.sandboxId,
            path: 'data.json',
          }),
        ),
      ).toBe('{"content":1}');
    } finally {
      await rawServer.close();
    }
  });

  it('should stream agent events, keeping unknown types raw and error events as data', async () => {
    const sandy = client();
    const { sandboxId } = await sandy.create();
    const events = [];
    for await (const event of sandy.agentRun({
      sandboxId,
      agent: 'builtin',
      prompt: 'hi',
      model: 'm',
    }))
      events.push(event);
    expect(events.map(event => event.type)).toEqual([
      'status',
      'agent-output',
      'unknown',
      'error',
      'complete',
    ]);
    expect(events[2]).toEqual({
      type: 'unknown',
      raw: { type: 'retry', attempt: 1 },
    });
    expect(
      fake.bodies.get(`POST /api/sandboxes/${sandboxId}/agent/run`),
    ).toEqual({ agent: 'builtin', prompt: 'hi', model: 'm' });
  });

  it('should refresh, cancel and terminate, then report 404 as UpstreamError', async () => {
    const sandy = client();
    const { sandboxId } = await sandy.create();
    await sandy.refresh({ sandboxId });
    await sandy.agentCancel({ sandboxId });
    await sandy.terminate({ sandboxId });
    const error = await sandy
      .exec({ sandboxId, command: 'ls' })
      .catch(caught => caught);
    expect(UpstreamError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain(`Sandbox ${sandboxId} not found`);
  });

  it('should report a wrong key as a 401 UpstreamError', async () => {
    const error = await createSandyClient({
      baseURL: server.url,
      apiKey: 'wrong',
    })
      .create()
      .catch(caught => caught);
    expect(UpstreamError.isInstance(error) && error.statusCode).toBe(401);
    // Our caller is not unauthorized; our Sandy configuration is wrong: a 502.
    expect(error.code).toBe('upstream_error');
  });
});

describe('createSandyClient answers that are not what Sandy sends', () => {
  it('should report a body that is not JSON, or that breaks off, as a 502', async () => {
    const server = await serveFetch({
      fetch: async request => {
        if (request.url.endsWith('/api/sandboxes'))
          return new Response('<html>Bad gateway</html>', {
            headers: { 'content-type': 'application/json' },
          });
        // A body that stops half-way: the connection is cut.
        return new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"sandbox_id":'));
            },
            pull(controller) {
              controller.error(new Error('cut'));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        );
      },
    });
    onTestFinished(() => server.close());
    const sandy = createSandyClient({ baseURL: server.url, retry: 0 });
    const garbage = await sandy.create().catch(caught => caught);
    expect(JanusError.isInstance(garbage)).toBe(true);
    expect(garbage.code).toBe('invalid_response');
    expect(garbage.message).toBe('Invalid JSON in Sandy sandbox');
    expect(statusForErrorCode(garbage.code)).toBe(502);
    const cut = await sandy.get({ sandboxId: 's' }).catch(caught => caught);
    expect(UpstreamError.isInstance(cut)).toBe(true);
    expect(cut.code).toBe('upstream_error');
    expect(statusForErrorCode(cut.code)).toBe(502);
    expect(cut.message).toMatch(/^Sandy sandbox: the answer broke off: /);
  });
});

describe('createSandyClient readFileStream', () => {
  it('should hand over a raw file body as it arrives, and decode a JSON-wrapped one', async () => {
    let release = () => {};
    const server = await serveFetch({
      fetch: async request => {
        const path = new URL(request.url).searchParams.get('path');
        if (path === 'wrapped.bin')
          return Response.json({
            content: btoa('\u0000\u00ff'),
            encoding: 'base64',
          });
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('first '));
            // The rest only once the client has read the first part.
            await new Promise<void>(resolve => {
              release = resolve;
            });
            controller.enqueue(encoder.encode('second'));
            controller.close();
          },
        });
        return new Response(body, {
          headers: { 'content-type': 'application/octet-stream' },
        });
      },
    });
    try {
      const sandy = createSandyClient({ baseURL: server.url });
      const stream = await sandy.readFileStream({
        sandboxId: 'sbx_1',
        path: 'big.bin',
      });
      const reader = stream.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(
        'first ',
      );
      release();
      let rest = '';
      for (
        let part = await reader.read();
        !part.done;
        part = await reader.read()
      )
        rest += new TextDecoder().decode(part.value);
      expect(rest).toBe('second');
      const wrapped = await sandy.readFileStream({
        sandboxId: 'sbx_1',
        path: 'wrapped.bin',
      });
      expect(new Uint8Array(await new Response(wrapped).arrayBuffer())).toEqual(
        new Uint8Array([0, 255]),
      );
    } finally {
      await server.close();
    }
  });
});

describe('createSandyClient readFileStream against @janus/sandy', () => {
  it('should ask for the raw bytes, which Sandy sends only on Accept: application/octet-stream', async () => {
    // As @janus/sandy answers files/read: JSON (base64, the whole file in
    // memory on both sides) unless the client asks for the raw bytes.
    let release = () => {};
    let reads = 0;
    const server = await serveFetch({
      fetch: async request => {
        reads += 1;
        const hold = reads === 1;
        const accept = request.headers.get('accept') ?? '';
        if (
          !accept.includes('application/octet-stream') ||
          accept.includes('application/json')
        )
          return Response.json({
            content: btoa('first second'),
            encoding: 'base64',
          });
        const encoder = new TextEncoder();
        return new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode('first '));
              // The first read's rest comes only once the client has its start.
              if (hold)
                await new Promise<void>(resolve => {
                  release = resolve;
                });
              controller.enqueue(encoder.encode('second'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'application/octet-stream' } },
        );
      },
    });
    try {
      const sandy = createSandyClient({ baseURL: server.url });
      const stream = await sandy.readFileStream({
        sandboxId: 'sbx_1',
        path: 'artifacts/big.bin',
      });
      const reader = stream.getReader();
      // The first part arrives before the file is whole: it streams.
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(
        'first ',
      );
      release();
      await reader.cancel();
      const bytes = await sandy.readFile({
        sandboxId: 'sbx_1',
        path: 'artifacts/big.bin',
      });
      expect(new TextDecoder().decode(bytes)).toBe('first second');
    } finally {
      release();
      await server.close();
    }
  });
});
