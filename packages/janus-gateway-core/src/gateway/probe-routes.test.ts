import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../test/test-gateway';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

describe.skipIf(isEdgeRuntime)('createGateway: probes and OPTIONS', () => {
  it('should log GET and HEAD of /health and /metrics at debug, other requests at info', async () => {
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: 'http://127.0.0.1:9' }],
    });
    const requests: [string, string][] = [
      ['GET', '/health'],
      ['HEAD', '/health'],
      ['GET', '/metrics'],
      ['HEAD', '/metrics'],
      ['GET', '/v1/models'],
      ['OPTIONS', '/health'],
    ];
    for (const [method, path] of requests) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      await response.arrayBuffer();
    }
    const ends = gateway.logger.entries.filter(
      entry => entry.msg === 'request.end',
    );
    expect(
      ends.map(entry => [entry.method, entry.path, entry.level, entry.status]),
    ).toEqual([
      ['GET', '/health', 'debug', 200],
      ['HEAD', '/health', 'debug', 200],
      ['GET', '/metrics', 'debug', 200],
      ['HEAD', '/metrics', 'debug', 200],
      ['GET', '/v1/models', 'info', 200],
      ['OPTIONS', '/health', 'info', 204],
    ]);
    // An error on those paths is still worth a line.
    const refused = await fetch(`${gateway.url}/metrics`, { method: 'POST' });
    expect(refused.status).toBe(405);
    expect(gateway.logger.entries.at(-1)).toMatchObject({
      msg: 'request.end',
      level: 'warn',
      path: '/metrics',
    });
  });

  it('should list OPTIONS in the allow header of an OPTIONS answer', async () => {
    await using gateway = await startTestGateway({
      competitors: [{ id: 'c', url: 'http://127.0.0.1:9' }],
    });
    for (const [path, allow] of [
      ['/v1/chat/completions', 'POST, OPTIONS'],
      ['/v1/models', 'GET, HEAD, OPTIONS'],
      ['/v1/models/c', 'GET, HEAD, OPTIONS'],
      ['/v1/artifacts/artf_x', 'GET, HEAD, OPTIONS'],
      ['/health', 'GET, HEAD, OPTIONS'],
      ['/metrics', 'GET, HEAD, OPTIONS'],
    ]) {
      const response = await fetch(`${gateway.url}${path}`, {
        method: 'OPTIONS',
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('allow')).toBe(allow);
    }
  });
});
