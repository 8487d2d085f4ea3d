import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBody, startTestGateway } from '../../test/test-gateway';
import { chunkFrame, openSse, startTestServer } from '../../test/test-server';

/** POSTs with node:http (no Web streams on the client side) and reads the answer. */
function postRaw(
  url: string,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    request.on('response', response => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => {
        text += piece;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text,
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

const Original = globalThis.ReadableStream;
afterEach(() => {
  globalThis.ReadableStream = Original;
});

describe('the Node stream path', () => {
  it('should build no Web stream for a proxied stream (adapter + createNodeFetch)', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ content: 'one' }));
      response.end(`${chunkFrame({ content: 'two' })}data: [DONE]\n\n`);
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'a', url: competitor.url }],
    });
    // Warm-up outside the count (module loading, first-use caches).
    await postRaw(gateway.url, chatBody({ stream: true }));
    let made = 0;
    globalThis.ReadableStream = class extends Original<unknown> {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    } as typeof ReadableStream;
    const answer = await postRaw(gateway.url, chatBody({ stream: true }));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(
      'text/event-stream; charset=utf-8',
    );
    expect(answer.headers['x-janus-competitor']).toBe('a');
    expect(answer.headers['x-request-id']).toMatch(/^req_/);
    expect(answer.text).toContain('"content":"one"');
    expect(answer.text).toContain('"content":"two"');
    expect(answer.text.endsWith('data: [DONE]\n\n')).toBe(true);
    // Each stream used to build two: the upstream body and the gateway's.
    expect(made).toBe(0);
  });
});
