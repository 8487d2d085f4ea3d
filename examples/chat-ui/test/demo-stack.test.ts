// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
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

  it('should not count another service answering on its port as healthy', async () => {
    // What two components given one port look like: the first answers the
    // second's health checks while the second dies with EADDRINUSE.
    const other = createHttpServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', id: 'baseline-agent-cli' })),
    );
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    const component = startComponent({
      name: 'baseline-langchain',
      command: process.execPath,
      args: ['-e', 'setTimeout(() => process.exit(1), 1000)'],
      env: process.env,
      healthUrl: '',
    });
    try {
      await expect(
        waitForHealthy(component, {
          url: `http://127.0.0.1:${port}/health`,
          id: 'baseline-langchain',
          timeoutMs: 10_000,
        }),
      ).rejects.toThrow(
        /baseline-langchain exited \(1\) before it was healthy/,
      );
      const alive = startComponent({
        name: 'still-starting',
        command: process.execPath,
        args: ['-e', 'setTimeout(() => {}, 10_000)'],
        env: process.env,
        healthUrl: '',
      });
      await expect(
        waitForHealthy(alive, {
          url: `http://127.0.0.1:${port}/health`,
          id: 'baseline-langchain',
          timeoutMs: 500,
        }),
      ).rejects.toThrow(
        'answered as "baseline-agent-cli", not "baseline-langchain"',
      );
      await alive.stop();
    } finally {
      await component.stop();
      other.close();
    }
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

  it('should refuse a port given to two components', async () => {
    const [shared, other] = await findFreePorts(2);
    await expect(
      assertPortsFree({
        agentCli: shared ?? 0,
        langchain: shared ?? 0,
        gateway: other ?? 0,
      }),
    ).rejects.toThrow(
      `Cannot start the demo:\n  port ${shared} is set for baseline-agent-cli (JANUS_DEMO_AGENT_CLI_PORT) and baseline-langchain (JANUS_DEMO_LANGCHAIN_PORT); give each component its own port`,
    );
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
