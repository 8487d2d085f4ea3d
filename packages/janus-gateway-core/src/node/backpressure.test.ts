import { request as httpRequest, type IncomingMessage } from 'node:http';
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
    let waitedForDrain = false;
    let finished = false;
    await using competitor = await startTestServer(
      async (_request, response) => {
        openSse(response);
        for (let index = 0; index < EVENTS && !response.destroyed; index++) {
          written += EVENT.length;
          if (!response.write(EVENT)) {
            waitedForDrain = true;
            await new Promise(resolve => response.once('drain', resolve));
          }
        }
        response.end('data: [DONE]\n\n');
        finished = true;
      },
    );
    await using gateway = await startTestGateway({
      competitors: [{ id: 'a', url: competitor.url }],
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
    await waitFor(() => waitedForDrain, 10_000);
    // Wait until the competitor stalls: no progress for 500 ms. Buffers on
    // the way fill at the machine's pace, so this polls instead of assuming
    // a fixed time; an unbounded buffer would never stall (or would finish).
    let stalledAt = -1;
    let stableSince = Date.now();
    await waitFor(() => {
      if (written !== stalledAt) {
        stalledAt = written;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 500 || finished;
    }, 20_000);
    const total = EVENTS * EVENT.length;
    // The competitor is stalled: bounded by socket buffers plus one event per
    // stage, far below the 128 MiB it wants to send.
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(written).toBe(stalledAt);
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
