import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePorts, repoRoot } from '../../../scripts/demo-stack.mjs';

// `npm run demo` itself (scripts/demo.mjs): the real stack on free ports,
// then Ctrl-C (SIGINT) must stop every process group it started.

function groupAlive(pgid: number): boolean {
  try {
    execFileSync('kill', ['-0', '--', `-${pgid}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The local addresses on which something listens on `port` (Linux
 * /proc/net/tcp and tcp6, state 0A = LISTEN), e.g. `['127.0.0.1']`; an
 * all-interfaces bind shows as `0.0.0.0` or `::`.
 */
function listenAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue;
      const [hex, portHex] = local.split(':') as [string, string];
      if (Number.parseInt(portHex, 16) !== port) continue;
      addresses.push(
        hex.length === 8
          ? // IPv4, little-endian bytes.
            [6, 4, 2, 0]
              .map(at => Number.parseInt(hex.slice(at, at + 2), 16))
              .join('.')
          : /^0+$/.test(hex)
            ? '::'
            : hex,
      );
    }
  }
  return addresses;
}

let demo: ChildProcess | null = null;

// After a failed test the demo still has its components running: Ctrl-C
// (SIGINT) lets it stop their process groups; SIGKILL would orphan them.
afterEach(async () => {
  if (demo === null || demo.exitCode !== null || demo.signalCode !== null)
    return;
  const exited = once(demo, 'exit');
  demo.kill('SIGINT');
  const timer = setTimeout(() => demo?.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
});

describe('npm run demo', () => {
  it('should start the whole stack, serve a chat through the UI, and leave nothing behind on Ctrl-C', async () => {
    const [llm, sandy, agentCli, langchain, gateway, ui] =
      await findFreePorts(6);
    demo = spawn(
      process.execPath,
      ['scripts/demo.mjs', '--no-build', '--quiet'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          JANUS_LLM_BASE_URL: '',
          CHUTES_API_KEY: '',
          OPENAI_API_KEY: '',
          JANUS_DEMO_LLM_PORT: String(llm),
          JANUS_DEMO_SANDY_PORT: String(sandy),
          JANUS_DEMO_AGENT_CLI_PORT: String(agentCli),
          JANUS_DEMO_LANGCHAIN_PORT: String(langchain),
          JANUS_DEMO_GATEWAY_PORT: String(gateway),
          JANUS_DEMO_UI_PORT: String(ui),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    demo.stdout?.setEncoding('utf8').on('data', text => {
      output += text;
    });
    demo.stderr?.setEncoding('utf8').on('data', text => {
      output += text;
    });
    await expect
      .poll(() => output, { timeout: 90_000, interval: 250 })
      .toContain('Janus demo is running.');
    expect(output).toContain(`Chat UI            http://127.0.0.1:${ui}`);
    expect(output).toContain('LLM                the scripted model');
    // The demo is for this machine only: nothing listens beyond loopback.
    for (const port of [llm, sandy, agentCli, langchain, gateway, ui])
      expect(listenAddresses(port!), `port ${port}`).toEqual(['127.0.0.1']);

    const health = await (
      await fetch(`http://127.0.0.1:${ui}/api/health`)
    ).json();
    expect(
      health.competitors.map(
        (item: { llm: { mode: string } }) => item.llm.mode,
      ),
    ).toEqual(['scripted', 'scripted']);
    const response = await fetch(`http://127.0.0.1:${ui}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'baseline-langchain',
        stream: true,
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
      }),
    });
    const body = await response.text();
    expect(body).toContain('Paris');
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);

    const groups = [...output.matchAll(/process group (\d+)/g)].map(match =>
      Number(match[1]),
    );
    expect(groups.length).toBeGreaterThanOrEqual(5);
    expect(groups.every(groupAlive)).toBe(true);
    demo.kill('SIGINT');
    const [code] = await once(demo, 'exit');
    expect(code).toBe(130);
    expect(output).toContain('All demo processes stopped.');
    // SIGKILLed members may linger as zombies for a moment until init reaps them.
    await expect
      .poll(() => groups.filter(groupAlive), { timeout: 10_000 })
      .toEqual([]);
    for (const port of [llm, sandy, agentCli, langchain, gateway, ui]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });
});
