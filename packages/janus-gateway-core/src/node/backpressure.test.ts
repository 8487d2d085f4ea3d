import {
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway, TEST_IO } from '../../test/test-gateway';
import {
  chunkFrame,
  openSse,
  startTestServer,
  waitFor,
} from '../../test/test-server';

const EVENTS = 2_000;
const EVENT = chunkFrame({ content: 'z'.repeat(64 * 1024) });

describe.each(TEST_IO)('writeWebResponse: backpressure (%s)', io => {
  it('should hold a fast competitor back while the client does not read, and lose nothing', async () => {
    let written = 0;
    let blocked = false;
    let finished = false;
    await using competitor = await startTestServer(
      async (_request, response) => {
        openSse(response);
        for (let index = 0; index < EVENTS && !response.destroyed; index++) {
          written += EVENT.length;
          if (!response.write(EVENT)) {
            blocked = true;
            await new Promise(resolve => response.once('drain', resolve));
            blocked = false;
          }
        }
        response.end('data: [DONE]\n\n');
        finished = true;
      },
    );
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });

    // The gateway's own response to the client: its queue must stay small.
    let gatewayResponse: ServerResponse | undefined;
    gateway.server.on('request', (_request, response: ServerResponse) => {
      gatewayResponse = response;
    });
    const body = chatBody({ stream: true });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.on('response', resolve).on('error', reject).end(body);
    });
    // A slow client: it does not read at all for a while.
    response.pause();
    // Wait for the stall: the competitor blocked on `drain` and `written`
    // unchanged for 20 consecutive checks spanning at least 1 s. Polling with a
    // generous bound, never a fixed sleep: the buffers on the way fill at
    // whatever pace a loaded machine allows. A gateway that buffered without
    // bound would keep draining the competitor instead, which would finish.
    let stableChecks = 0;
    let stableSince = Date.now();
    let lastWritten = -1;
    await waitFor(() => {
      if (blocked && written === lastWritten) stableChecks++;
      else {
        stableChecks = 0;
        stableSince = Date.now();
      }
      lastWritten = written;
      const stalled = stableChecks >= 20 && Date.now() - stableSince >= 1_000;
      return stalled || finished;
    }, 25_000);
    const total = EVENTS * EVENT.length;
    const stalledAt = written;
    // Bounded by socket buffers plus about one event per stage, far below
    // the 128 MiB the competitor wants to send; the gateway itself queues at
    // most about one batch for the slow client.
    expect(finished).toBe(false);
    expect(gatewayResponse?.writableLength ?? 0).toBeLessThanOrEqual(
      2 * EVENT.length,
    );
    expect(stalledAt).toBeLessThan(total / 4);
    // And it stays bounded while the client keeps not reading. (Not an exact
    // equality: on a starved CPU a late socket flush may still let a few
    // events through.)
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(written).toBeLessThan(total / 4);
    expect(finished).toBe(false);

    // Now read everything: nothing was dropped.
    let received = 0;
    let tail = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      received += chunk.length;
      tail = (tail + chunk).slice(-64);
    });
    response.resume();
    await new Promise(resolve => response.on('end', resolve));
    expect(finished).toBe(true);
    expect(received).toBe(total + 'data: [DONE]\n\n'.length);
    expect(tail.endsWith('data: [DONE]\n\n')).toBe(true);
  }, 45_000);
});
