// @vitest-environment node
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  binPath,
  findFreePorts,
  hasBubblewrap,
  repoRoot,
} from '../../../scripts/demo-stack.mjs';

// `node scripts/demo.mjs` itself, with a fake `npm` first on PATH standing in
// for the four `npm start` components (baselines, gateway, UI), so the
// startup and shutdown paths run in seconds and without a build. With a
// configured LLM the demo starts no scripted model; Sandy is real when
// bubblewrap is installed (the demo looks for it itself), so it needs its build.
const sandyUnbuilt =
  hasBubblewrap() &&
  !existsSync(binPath('packages/janus-sandy', 'janus-sandy'));

/**
 * The fake `npm start --silent -w <workspace>`: answers `GET /health` on PORT
 * with the component's id, as its plan says (FAKE_NPM_PLAN, per workspace):
 * `healthyAfterMs` (503 before), `exitAfterMs` (then exits 1), `holdHealth`
 * (no answer until SIGTERM, then 200).
 */
const fakeNpm = `#!${process.execPath}
const { createServer } = require('node:http');
const workspace = process.argv[process.argv.indexOf('-w') + 1];
const plan = JSON.parse(process.env.FAKE_NPM_PLAN)[workspace] ?? {};
const id = workspace.replace('@janus/example-', '');
const started = Date.now();
const held = [];
createServer((request, response) => {
  console.log('health asked');
  const answer = () =>
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'ok', id }));
  if (plan.holdHealth) held.push(answer);
  else if (Date.now() - started >= (plan.healthyAfterMs ?? 0)) answer();
  else response.writeHead(503).end();
}).listen(Number(process.env.PORT), process.env.HOST);
if (plan.exitAfterMs !== undefined)
  setTimeout(() => {
    console.log(id + ' crashed');
    process.exit(1);
  }, plan.exitAfterMs);
process.on('SIGTERM', () => {
  for (const answer of held.splice(0)) answer();
  setTimeout(() => process.exit(0), 300);
});
`;

const temps: string[] = [];
const demos: ChildProcess[] = [];
afterEach(() => {
  for (const demo of demos.splice(0))
    if (demo.exitCode === null) demo.kill('SIGINT');
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true });
});

/** Runs the demo with the fake components; resolves on its exit. */
async function startDemo(plan: Record<string, object>) {
  const dir = mkdtempSync(join(tmpdir(), 'janus-demo-startup-'));
  temps.push(dir);
  writeFileSync(join(dir, 'npm'), fakeNpm, { mode: 0o755 });
  const [llm, sandy, agentCli, langchain, gateway, ui] = await findFreePorts(6);
  const demo = spawn(
    process.execPath,
    [join(repoRoot, 'scripts/demo.mjs'), '--no-build'],
    {
      env: {
        ...process.env,
        PATH: `${dir}${delimiter}${process.env.PATH}`,
        FAKE_NPM_PLAN: JSON.stringify(plan),
        JANUS_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
        JANUS_LLM_MODEL: 'fake',
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
  demos.push(demo);
  let stdout = '';
  let stderr = '';
  demo.stdout.setEncoding('utf8').on('data', text => {
    stdout += text;
  });
  demo.stderr.setEncoding('utf8').on('data', text => {
    stderr += text;
  });
  const exited = new Promise<number | null>(resolve =>
    demo.once('close', resolve),
  );
  return { demo, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('scripts/demo.mjs startup', () => {
  it.skipIf(sandyUnbuilt)(
    'should fail the startup when a component that was healthy exits while a later one starts',
    async () => {
      const run = await startDemo({
        '@janus/example-baseline-agent-cli': { exitAfterMs: 1500 },
        '@janus/example-baseline-langchain': { healthyAfterMs: 4000 },
      });
      // Before the fix the demo went on to say it was running.
      const outcome = await Promise.race([
        run.exited,
        expect
          .poll(() => run.stdout(), { timeout: 30_000 })
          .toContain('Press Ctrl-C')
          .then(() => 'running'),
      ]);
      expect(outcome).toBe(1);
      expect(run.stderr()).toMatch(
        /baseline-agent-cli exited during startup \(1\)\. Its last output:\n(.*\n)*baseline-agent-cli crashed/,
      );
      expect(run.stdout()).not.toContain('Janus demo is running');
      expect(run.stdout()).toContain('All demo processes stopped.');
    },
  );

  it.skipIf(sandyUnbuilt)(
    'should print no progress once Ctrl-C stops the startup',
    async () => {
      const run = await startDemo({
        '@janus/example-baseline-agent-cli': { holdHealth: true },
      });
      // A health check is in flight; SIGTERM makes the component answer it.
      await expect
        .poll(() => run.stdout(), { timeout: 30_000 })
        .toContain('[baseline-agent-cli] health asked');
      run.demo.kill('SIGINT');
      expect(await run.exited).toBe(130);
      const afterStop = run.stdout().split('Stopping the demo …')[1];
      expect(afterStop).toBeDefined();
      expect(afterStop).not.toContain('·');
      expect(run.stdout()).not.toContain('baseline-agent-cli is healthy');
    },
  );

  it('should refuse two components on one port before starting anything', async () => {
    const [port] = await findFreePorts(1);
    const demo = spawn(
      process.execPath,
      [join(repoRoot, 'scripts/demo.mjs'), '--no-build'],
      {
        env: {
          ...process.env,
          JANUS_LLM_BASE_URL: 'http://127.0.0.1:9/v1',
          JANUS_LLM_MODEL: 'fake',
          JANUS_DEMO_AGENT_CLI_PORT: String(port),
          JANUS_DEMO_LANGCHAIN_PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    demos.push(demo);
    let stderr = '';
    demo.stderr.setEncoding('utf8').on('data', text => {
      stderr += text;
    });
    expect(await new Promise(resolve => demo.once('close', resolve))).toBe(1);
    expect(stderr).toContain(
      `port ${port} is set for baseline-agent-cli (JANUS_DEMO_AGENT_CLI_PORT) and baseline-langchain (JANUS_DEMO_LANGCHAIN_PORT); give each component its own port`,
    );
  });
});
