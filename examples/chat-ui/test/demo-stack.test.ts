// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  startComponent,
  waitForHealthy,
} from '../../../scripts/demo-process.mjs';
import {
  assertPortsFree,
  detectLlm,
  findFreePorts,
  resolveDemoPorts,
  sandyLlmEnv,
} from '../../../scripts/demo-stack.mjs';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startComponent', () => {
  it('should stop the whole process group, leaving no orphans', async () => {
    // A leader that starts a grandchild which ignores SIGTERM (like npm → node).
    const component = startComponent({
      name: 'tree',
      command: 'sh',
      args: ['-c', 'sh -c \'trap "" TERM; echo child $$; sleep 60\' & wait'],
      env: process.env,
      healthUrl: '',
    });
    await expect.poll(() => /child \d+/.test(component.output())).toBe(true);
    const grandchild = Number(/child (\d+)/.exec(component.output())?.[1]);
    expect(alive(grandchild)).toBe(true);
    await component.stop();
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
    const groupAlive = () => {
      try {
        execFileSync('kill', ['-0', '--', `-${component.child.pid}`], {
          stdio: 'ignore',
        });
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(groupAlive, { timeout: 10_000 }).toBe(false);
  });

  it('should fail the health wait with the output of a component that exited', async () => {
    const component = startComponent({
      name: 'broken',
      command: process.execPath,
      args: ['-e', 'console.error("missing config"); process.exit(3)'],
      env: process.env,
      healthUrl: '',
    });
    const [port] = await findFreePorts(1);
    await expect(
      waitForHealthy(component, {
        url: `http://127.0.0.1:${port}/health`,
        timeoutMs: 10_000,
      }),
    ).rejects.toThrow(/broken exited \(3\).*\n.*missing config/s);
  });
});

describe('assertPortsFree', () => {
  it('should name every busy port and the variable that moves it', async () => {
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const busy = (server.address() as { port: number }).port;
    const [free] = await findFreePorts(1);
    try {
      await expect(
        assertPortsFree({ gateway: busy, ui: free ?? 0 }),
      ).rejects.toThrow(
        `port ${busy} (gateway) is in use; set JANUS_DEMO_GATEWAY_PORT to another port`,
      );
      await expect(assertPortsFree({ ui: free ?? 0 })).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('resolveDemoPorts / detectLlm', () => {
  it('should apply JANUS_DEMO_*_PORT overrides and reject bad values', () => {
    expect(resolveDemoPorts({ JANUS_DEMO_UI_PORT: '3100' })).toMatchObject({
      ui: 3100,
      gateway: 8000,
    });
    expect(() => resolveDemoPorts({ JANUS_DEMO_GATEWAY_PORT: 'x' })).toThrow(
      /JANUS_DEMO_GATEWAY_PORT/,
    );
  });

  it('should use the scripted model unless an LLM is configured', () => {
    expect(detectLlm({}).mode).toBe('scripted');
    expect(detectLlm({ OPENAI_API_KEY: 'sk-test' }).mode).toBe('real');
    expect(detectLlm({ CHUTES_API_KEY: 'k' }).description).toContain(
      'CHUTES_API_KEY',
    );
  });

  it("should give Sandy's agent the same real LLM as the competitors", () => {
    expect(
      sandyLlmEnv({ OPENAI_API_KEY: 'sk-1', JANUS_LLM_MODEL: 'm' }),
    ).toEqual({
      JANUS_SANDY_LLM_BASE_URL: 'https://api.openai.com/v1',
      JANUS_SANDY_LLM_API_KEY: 'sk-1',
      JANUS_SANDY_LLM_MODEL: 'm',
    });
    expect(
      sandyLlmEnv({
        JANUS_LLM_BASE_URL: 'http://llm/v1',
        JANUS_LLM_API_KEY: 'k',
      }),
    ).toEqual({
      JANUS_SANDY_LLM_BASE_URL: 'http://llm/v1',
      JANUS_SANDY_LLM_API_KEY: 'k',
    });
    expect(
      sandyLlmEnv({
        JANUS_SANDY_LLM_BASE_URL: 'http://own/v1',
        OPENAI_API_KEY: 'x',
      }),
    ).toEqual({});
    expect(sandyLlmEnv({})).toEqual({});
  });
});
