import { describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';
import { createSandyMonitor } from './create-sandy-monitor';

// Port 1 (tcpmux) is privileged and unused here: connections are refused.
const unreachableUrl = 'http://127.0.0.1:1';

describe('createSandyMonitor', () => {
  it('should report a Sandy that answers /health, counting 404 as up and 5xx as down', async () => {
    let status = 200;
    const paths: string[] = [];
    const sandy = await serveFetch({
      fetch: async request => {
        paths.push(new URL(request.url).pathname);
        return new Response('{}', { status });
      },
    });
    try {
      const monitor = createSandyMonitor({
        baseURL: `${sandy.url}/`,
        cacheMs: 0,
      });
      expect(await monitor.health()).toEqual({
        status: 'ok',
        sandbox_available: true,
      });
      status = 404;
      expect(await monitor.isAvailable()).toBe(true);
      status = 503;
      expect(await monitor.health()).toEqual({
        status: 'degraded',
        sandbox_available: false,
        sandbox_error: 'Sandy /health answered HTTP 503',
      });
      expect(paths).toEqual(['/health', '/health', '/health']);
    } finally {
      await sandy.close();
    }
  });

  it('should report an unreachable Sandy with the reason', async () => {
    const monitor = createSandyMonitor({ baseURL: unreachableUrl });
    expect(await monitor.isAvailable()).toBe(false);
    expect(monitor.lastError).toContain(
      `Sandy at ${unreachableUrl} is unreachable`,
    );
  });

  it('should count a slow but successful /health (1.5 s) as up by default', async () => {
    const sandy = await serveFetch({
      fetch: async () => {
        await new Promise(resolve => setTimeout(resolve, 1500));
        return new Response('ok');
      },
    });
    try {
      const monitor = createSandyMonitor({ baseURL: sandy.url });
      expect(await monitor.health()).toEqual({
        status: 'ok',
        sandbox_available: true,
      });
    } finally {
      await sandy.close();
    }
  });

  it('should report a /health slower than timeoutMs as a timeout, naming the limit', async () => {
    let release = () => {};
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const sandy = await serveFetch({
      fetch: async () => {
        await gate;
        return new Response('ok');
      },
    });
    try {
      const monitor = createSandyMonitor({ baseURL: sandy.url, timeoutMs: 50 });
      expect(await monitor.isAvailable()).toBe(false);
      expect(monitor.lastError).toBe(
        `Sandy at ${sandy.url} did not answer /health within 50 ms`,
      );
    } finally {
      release();
      await sandy.close();
    }
  });

  it('should cache answers for cacheMs, share a probe in flight, and keep a failure marked elsewhere', async () => {
    let probes = 0;
    const sandy = await serveFetch({
      fetch: async () => {
        probes++;
        return new Response('ok');
      },
    });
    try {
      const monitor = createSandyMonitor({
        baseURL: sandy.url,
        cacheMs: 60_000,
      });
      expect(
        await Promise.all([monitor.isAvailable(), monitor.isAvailable()]),
      ).toEqual([true, true]);
      expect(await monitor.isAvailable()).toBe(true);
      expect(probes).toBe(1);
      monitor.markUnavailable('sandbox creation failed: over capacity');
      expect(await monitor.health()).toEqual({
        status: 'degraded',
        sandbox_available: false,
        sandbox_error: 'sandbox creation failed: over capacity',
      });
      expect(probes).toBe(1);
    } finally {
      await sandy.close();
    }
  });
});
