import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRootDirectory } from '../internal/test-manager';
import { createSilentLogger } from '../logger';
import { createSandyServer } from './create-sandy-server';

const rootDirectory = createTestRootDirectory('keyless');
// No API key: only the Host, Origin and content-type checks stand between a
// web page (DNS rebinding, cross-site forms) and the API.
const sandy = createSandyServer({
  rootDirectory,
  logger: createSilentLogger(),
  maxSandboxes: 4,
  warmPoolSize: 0,
  publicUrl: 'https://sandy.example.org/base',
});
const keyed = createSandyServer({
  manager: sandy.manager,
  apiKey: 'key',
  logger: createSilentLogger(),
});

afterAll(async () => {
  await sandy.close();
  rmSync(rootDirectory, { recursive: true, force: true });
});

const post = (
  url: string,
  options: { body?: string; headers?: Record<string, string> } = {},
) =>
  sandy.fetch(
    new Request(url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
    }),
  );
const json = { 'content-type': 'application/json' };

describe('createSandyServer without an API key', { timeout: 30_000 }, () => {
  it('should refuse Host names other than loopback and the public URL (DNS rebinding)', async () => {
    for (const host of ['attacker.example', 'localhost.attacker.example']) {
      const response = await post(`http://${host}:8787/api/sandboxes`, {
        headers: json,
      });
      expect([host, response.status]).toEqual([host, 403]);
      expect((await response.json()).error.code).toBe('forbidden');
      const health = await sandy.fetch(
        new Request(`http://${host}:8787/health`),
      );
      expect(health.status).toBe(403);
    }
    for (const host of [
      'localhost:8787',
      '127.0.0.1:8787',
      '[::1]:8787',
      'sandy.example.org',
    ]) {
      const response = await post(`http://${host}/api/sandboxes`, {
        headers: json,
      });
      expect([host, response.status]).toEqual([host, 200]);
      const { sandboxId } = await response.json();
      await post(`http://${host}/api/sandboxes/${sandboxId}/terminate`);
    }
  });

  it('should refuse JSON bodies not sent as application/json with 415', async () => {
    const { sandboxId } = await (
      await post('http://127.0.0.1/api/sandboxes', { headers: json })
    ).json();
    const body = JSON.stringify({ command: 'echo hi' });
    const refused: Array<Record<string, string>> = [
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      {},
    ];
    for (const headers of refused) {
      const response = await post(
        `http://127.0.0.1/api/sandboxes/${sandboxId}/exec`,
        { body, headers },
      );
      expect([headers, response.status]).toEqual([headers, 415]);
    }
    const accepted = await post(
      `http://127.0.0.1/api/sandboxes/${sandboxId}/exec`,
      { body, headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
    expect((await accepted.json()).stdout).toBe('hi\n');
    // Bodyless POSTs (hosted Sandy clients terminate without one) still work.
    const terminated = await post(
      `http://127.0.0.1/api/sandboxes/${sandboxId}/terminate`,
    );
    expect(terminated.status).toBe(200);
  });

  it('should refuse cross-site requests by their Origin', async () => {
    const response = await post('http://127.0.0.1:8787/api/sandboxes', {
      headers: { ...json, origin: 'https://attacker.example' },
    });
    expect(response.status).toBe(403);
    const sameOrigin = await post('http://127.0.0.1:8787/api/sandboxes', {
      headers: { ...json, origin: 'http://127.0.0.1:8787' },
    });
    expect(sameOrigin.status).toBe(200);
    const { sandboxId } = await sameOrigin.json();
    await post(`http://127.0.0.1/api/sandboxes/${sandboxId}/terminate`);
  });

  it('should leave Host and content-type alone when an API key is required', async () => {
    const response = await keyed.fetch(
      new Request('http://sandy.internal.example/api/sandboxes', {
        method: 'POST',
        headers: { authorization: 'Bearer key' },
        body: '{}',
      }),
    );
    expect(response.status).toBe(200);
    const { sandboxId } = await response.json();
    await sandy.manager.terminate(sandboxId);
  });
});
