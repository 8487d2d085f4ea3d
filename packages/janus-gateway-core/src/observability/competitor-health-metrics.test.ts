import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../test/test-gateway';
import {
  listenOnFreePort,
  startTestServer,
  waitFor,
} from '../../test/test-server';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

/** The lines of a Prometheus text about `name` (HELP, TYPE and samples). */
function family(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter(
      line =>
        line.startsWith(`${name}{`) ||
        line.startsWith(`# HELP ${name} `) ||
        line.startsWith(`# TYPE ${name} `),
    );
}

describe.skipIf(isEdgeRuntime)('GET /metrics: competitor health', () => {
  it('should export janus_gateway_competitor_up and consecutive failures per enabled competitor', async () => {
    await using up = await startTestServer(
      (_request, response) =>
        void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok"}'),
    );
    // Its check never answers within the test: its health stays unknown.
    await using silent = await startTestServer(() => {});
    const closed = await listenOnFreePort(createServer());
    await closed.close();
    await using gateway = await startTestGateway({
      competitors: [
        { id: 'up', url: up.url },
        { id: 'down', url: closed.url },
        { id: 'silent', url: silent.url },
        { id: 'off', url: up.url, enabled: false },
      ],
      healthCheck: {
        intervalMs: 60_000,
        timeoutMs: 30_000,
        failureThreshold: 1,
      },
    });
    const registry = gateway.gateway.registry;
    await waitFor(
      () =>
        registry.get('up')?.health === 'healthy' &&
        registry.get('down')?.health === 'unhealthy',
    );
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toBe(
      'text/plain; version=0.0.4; charset=utf-8',
    );
    const text = await response.text();
    expect(family(text, 'janus_gateway_competitor_up')).toEqual([
      '# HELP janus_gateway_competitor_up Whether the competitor is healthy (1) or marked unhealthy (0); no sample until its health is known.',
      '# TYPE janus_gateway_competitor_up gauge',
      'janus_gateway_competitor_up{competitor="up"} 1',
      'janus_gateway_competitor_up{competitor="down"} 0',
    ]);
    expect(
      family(text, 'janus_gateway_competitor_consecutive_failures'),
    ).toEqual([
      '# HELP janus_gateway_competitor_consecutive_failures Failed health checks in a row (failed connections of chat requests included).',
      '# TYPE janus_gateway_competitor_consecutive_failures gauge',
      'janus_gateway_competitor_consecutive_failures{competitor="up"} 0',
      'janus_gateway_competitor_consecutive_failures{competitor="down"} 1',
      'janus_gateway_competitor_consecutive_failures{competitor="silent"} 0',
    ]);
    // The same text as the gateway's own `metrics.render()`.
    expect(gateway.gateway.metrics.render()).toBe(text);
  });
});
