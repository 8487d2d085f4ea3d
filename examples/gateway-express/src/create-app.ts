import {
  createGateway,
  type Gateway,
  InMemoryApiKeyStore,
  InMemoryRateLimitStore,
  type Logger,
} from '@janus/gateway-core';
import { createNodeFetch, createNodeHandler } from '@janus/gateway-core/node';
import express, { type Express } from 'express';
import { createCorsMiddleware } from './create-cors-middleware';
import type { AppConfig } from './read-config';

/**
 * The Express 5 app: a small CORS layer (it answers real preflights only),
 * then the gateway mounted through the `./node` adapter for every path (before any body parser, so request bodies
 * stream into the gateway untouched).
 */
export function createApp(options: { config: AppConfig; logger?: Logger }): {
  app: Express;
  gateway: Gateway;
} {
  const { config } = options;
  const gateway = createGateway({
    // Keep-alive `node:http` upstream calls: about half the time to the
    // competitor's first byte of the global `fetch` on Node 20.
    fetch: createNodeFetch(),
    ...config.gateway,
    logger: options.logger,
    auth:
      config.apiKeys.length > 0
        ? {
            store: new InMemoryApiKeyStore({ keys: config.apiKeys }),
            protectArtifacts: config.protectArtifacts,
          }
        : undefined,
    rateLimit:
      config.rateLimitPerMinute > 0
        ? {
            store: new InMemoryRateLimitStore({
              capacity: config.rateLimitPerMinute,
              refillPerSecond: config.rateLimitPerMinute / 60,
            }),
          }
        : undefined,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(createCorsMiddleware({ origins: config.corsOrigins }));
  const handler = createNodeHandler(gateway);
  app.use((request, response) => handler(request, response));
  return { app, gateway };
}
