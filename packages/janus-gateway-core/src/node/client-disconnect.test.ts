import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway, TEST_IO } from '../../test/test-gateway';
import {
  chunkFrame,
  openSse,
  startTestServer,
  waitFor,
} from '../../test/test-server';

/** Opens a stream with node:http, waits for the first event, then hangs up. */
function openAndAbort(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = chatBody({ stream: true });
    const request = httpRequest(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    request.on('response', response => {
      response.once('data', () => {
        const abortedAt = performance.now();
        request.destroy();
        resolve(abortedAt);
      });
    });
    request.on('error', error => {
      if (!request.destroyed) reject(error);
    });
    request.end(body);
  });
}

/** Counts the process's active handles by kind (sockets, timers). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo())
    counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe.each(TEST_IO)('createNodeHandler: client disconnect (%s)', io => {
  it('should abort the upstream request within 100 ms of the client going away', async () => {
    let closedAt = 0;
    let closes = 0;
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'working' }));
      const ticker = setInterval(
        () => response.write(': still working\n\n'),
        1_000,
      );
      response.on('close', () => {
        clearInterval(ticker);
        closedAt = performance.now();
        closes++;
      });
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    // Each of several streams (the first one warms the code paths up).
    for (let round = 1; round <= 5; round++) {
      const abortedAt = await openAndAbort(gateway.url);
      await waitFor(() => closes === round, 2_000);
      if (round > 1) expect(closedAt - abortedAt).toBeLessThan(100);
    }
    await waitFor(
      () =>
        gateway.logger.entries.filter(entry => entry.msg === 'request.end')
          .length === 5,
    );
    expect(
      gateway.logger.entries.find(entry => entry.msg === 'request.end'),
    ).toMatchObject({
      level: 'info',
      error: { code: 'cancelled' },
    });
  });

  it('should leak no sockets or timers after 1,000 aborted streams', async () => {
    let open = 0;
    await using competitor = await startTestServer((_request, response) => {
      open++;
      openSse(response);
      response.write(chunkFrame({ content: 'x' }));
      response.on('close', () => {
        open--;
      });
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
      keepAliveIntervalMs: 50,
    });
    // Warm up (lazy handles of the HTTP client and server), then measure.
    await openAndAbort(gateway.url);
    await waitFor(() => open === 0);
    const before = activeResources();
    const batches = 20;
    for (let batch = 0; batch < batches; batch++)
      await Promise.all(
        Array.from({ length: 1_000 / batches }, () =>
          openAndAbort(gateway.url),
        ),
      );
    await waitFor(() => open === 0, 10_000);
    await waitFor(
      () =>
        gateway.logger.entries.filter(entry => entry.msg === 'request.end')
          .length === 1_001,
      10_000,
    );
    const connections = await new Promise<number>((resolve, reject) =>
      gateway.server.getConnections((error, count) =>
        error ? reject(error) : resolve(count),
      ),
    );
    expect(connections).toBe(0);
    // Give keep-alive sockets of the gateway's upstream pool time to close.
    await waitFor(
      () => (activeResources().Timeout ?? 0) <= (before.Timeout ?? 0),
      10_000,
    );
    // Idle keep-alive sockets of fetch's connection pool close after its
    // keep-alive timeout (4 s in undici); a leaked socket never would.
    await waitFor(
      () =>
        (activeResources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0),
      15_000,
    );
    const after = activeResources();
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(
      before.TCPSocketWrap ?? 0,
    );
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(
      'janus_gateway_streams_in_flight{competitor="a"} 0',
    );
  }, 60_000);
});
