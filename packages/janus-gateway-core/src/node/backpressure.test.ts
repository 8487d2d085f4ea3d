import {
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway } from '../../test/test-gateway';
import {
  chunkFrame,
  openSse,
  startTestServer,
  waitFor,
} from '../../test/test-server';

const EVENTS = 2_000;
const EVENT = chunkFrame({ content: 'z'.repeat(64 * 1024) });

describe('writeWebResponse: backpressure', () => {
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
    // Wait until the competitor has been blocked on `drain` for a whole
    // second: the gateway stopped reading because its client stopped.
    // (Polling, not a fixed sleep: buffers fill at the machine's pace.) A
    // gateway that buffered without bound would keep draining it instead,
    // and the competitor would finish.
    let blockedSince = 0;
    await waitFor(() => {
      if (!blocked) blockedSince = 0;
      else if (blockedSince === 0) blockedSince = Date.now();
      return (
        (blockedSince > 0 && Date.now() - blockedSince >= 1_000) || finished
      );
    }, 20_000);
    const total = EVENTS * EVENT.length;
    // Bounded by socket buffers plus about one event per stage, far below
    // the 128 MiB the competitor wants to send; the gateway itself queues at
    // most about one batch for the slow client.
    expect(gatewayResponse?.writableLength ?? 0).toBeLessThanOrEqual(
      2 * EVENT.length,
    );
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
  }, 30_000);
});
