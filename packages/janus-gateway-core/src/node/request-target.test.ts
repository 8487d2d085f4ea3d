import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { chatBody, startTestGateway } from '../../test/test-gateway';
import { completionBody, startTestServer } from '../../test/test-server';

/** Sends `target` exactly as given (fetch would normalise it). */
function send(options: {
  url: string;
  method: string;
  target: string;
  body?: string;
  chunked?: boolean;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(options.url);
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.target,
        headers: { 'content-type': 'application/json' },
      },
      incoming => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', chunk => {
          body += chunk;
        });
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body }),
        );
      },
    );
    outgoing.on('error', reject);
    if (options.body !== undefined) {
      // Chunked: no declared length, so the adapter streams the body.
      if (options.chunked) outgoing.setHeader('transfer-encoding', 'chunked');
      outgoing.write(options.body);
    }
    outgoing.end();
  });
}

describe('createNodeHandler: request targets', () => {
  it.each([
    ['GET', '//x/metrics'],
    ['GET', '/x\\..\\metrics'],
    ['GET', '/v1/%2e%2e/metrics'],
    ['GET', '/v1/../health'],
    ['GET', '//evil.example/health'],
    ['GET', '//v1/models'],
    ['POST', '//a/v1/chat/completions'],
  ])(
    'should route %s %s only on the path as sent (404 naming it)',
    async (method, target) => {
      await using competitor = await startTestServer((_request, response) => {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(completionBody('hi')));
      });
      await using gateway = await startTestGateway({
        competitors: [{ id: 'c', url: competitor.url }],
      });
      for (const chunked of method === 'POST' ? [false, true] : [false]) {
        const answer = await send({
          url: gateway.url,
          method,
          target,
          ...(method === 'POST' ? { body: chatBody(), chunked } : {}),
        });
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body).error.message).toBe(
          `No route for ${method} ${target}`,
        );
      }
      expect(competitor.requests).toEqual([]);
      const ends = gateway.logger.entries.filter(
        entry => entry.msg === 'request.end',
      );
      expect(ends.map(entry => entry.path)).toEqual(ends.map(() => target));
    },
  );

  it('should still serve plain and absolute-form targets', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('hi')));
    });
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: competitor.url }],
    });
    expect(
      (await send({ url: gateway.url, method: 'GET', target: '/metrics?x=1' }))
        .status,
    ).toBe(200);
    expect(
      (
        await send({
          url: gateway.url,
          method: 'GET',
          target: 'http://gateway.test/health',
        })
      ).status,
    ).toBe(200);
    for (const chunked of [false, true]) {
      const answer = await send({
        url: gateway.url,
        method: 'POST',
        target: '/v1/chat/completions',
        body: chatBody(),
        chunked,
      });
      expect(answer.status).toBe(200);
    }
  });
});
