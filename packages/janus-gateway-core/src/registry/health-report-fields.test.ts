import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../test/test-gateway';
import { startTestServer } from '../../test/test-server';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

describe.skipIf(isEdgeRuntime)(
  'createGateway: competitor /health fields',
  () => {
    it('should count an answer whose name or description is not a string, ignoring that field', async () => {
      let report: Record<string, unknown> = {};
      await using competitor = await startTestServer(
        (_request, response) =>
          void response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(report)),
      );
      await using gateway = await startTestGateway({
        competitors: [{ id: 'c', url: competitor.url }],
        healthCheck: { intervalMs: 60_000, failureThreshold: 1 },
      });
      const entry = gateway.gateway.registry.get('c')!;
      report = {
        status: 'ok',
        name: 42,
        description: { text: 'no' },
        llm: { mode: 'real', model: 'm' },
        sandbox_available: true,
      };
      await gateway.gateway.registry.checkHealth();
      expect(entry).toMatchObject({
        health: 'healthy',
        name: 'c',
        llm: { mode: 'real', model: 'm' },
        sandboxAvailable: true,
      });
      expect(entry.description).toBeUndefined();
      expect(entry.lastError).toBeUndefined();
      report = { status: 'ok', name: 'Reported', description: ['x'] };
      await gateway.gateway.registry.checkHealth();
      expect(entry).toMatchObject({ health: 'healthy', name: 'Reported' });
      expect(entry.description).toBeUndefined();
      const models = await (await fetch(`${gateway.url}/v1/models`)).json();
      expect(models.data[0].janus).toMatchObject({
        name: 'Reported',
        health: 'healthy',
      });
      // Any other malformed field still makes it no health answer.
      report = { status: 'ok', sandbox_available: 'yes' };
      await gateway.gateway.registry.checkHealth();
      expect(entry.health).toBe('unhealthy');
      expect(entry.lastError).toMatch(/not a Janus competitor health answer/);
    });
  },
);
