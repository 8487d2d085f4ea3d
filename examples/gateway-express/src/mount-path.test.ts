import type { AddressInfo } from 'node:net';
import { createGateway } from '@janus/gateway-core';
import { createNodeHandler } from '@janus/gateway-core/node';
import express from 'express';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

describe('the ./node adapter under an Express mount path', () => {
  it("should serve the gateway's routes below app.use('/janus', …)", async () => {
    const gateway = createGateway({
      competitors: [{ id: 'alpha', url: 'http://127.0.0.1:1' }],
      healthCheck: { intervalMs: 0 },
      logger: { log: () => {} },
    });
    const app = express();
    app.use('/janus', createNodeHandler(gateway));
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const openai = new OpenAI({
        baseURL: `http://127.0.0.1:${port}/janus/v1`,
        apiKey: 'unused',
        maxRetries: 0,
      });
      const models = await openai.models.list();
      expect(models.data.map(model => model.id)).toEqual(['alpha']);
      expect((await openai.models.retrieve('alpha')).id).toBe('alpha');
      const health = await fetch(`http://127.0.0.1:${port}/janus/health`);
      expect(health.status).toBe(200);
    } finally {
      await gateway.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
