#!/usr/bin/env node
// `npm run demo`: the whole Janus stack on localhost (docs/demo.md).
//   node scripts/demo.mjs [--no-build] [--quiet]
// Builds what is out of date, checks every port first, starts the scripted
// model (without an LLM configured), @janus/sandy, both baselines, the
// Express gateway and the chat UI, waits until each is healthy, prints the
// URLs, and stops everything (process groups, no orphans) on Ctrl-C/SIGTERM.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import {
  assertPortsFree,
  detectLlm,
  hasBubblewrap,
  isBuildUpToDate,
  repoRoot,
  resolveDemoPorts,
  startDemoStack,
} from './demo-stack.mjs';

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const say = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const fail = (/** @type {string} */ message) => {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
};

let ports;
try {
  ports = resolveDemoPorts(env);
} catch (error) {
  fail(String(error instanceof Error ? error.message : error));
}
/** @type {ReturnType<typeof detectLlm>} */
let llm;
try {
  llm = detectLlm(env);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const bubblewrap = hasBubblewrap(env);
const needed = { ...ports };
// The scripted model's port, unless JANUS_LLM_BASE_URL etc. name an upstream.
if (llm.baseUrl !== undefined) delete needed.llm;
if (!bubblewrap) delete needed.sandy;
try {
  await assertPortsFree(needed);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (!bubblewrap)
  say(
    'bubblewrap (bwrap) is not installed, so @janus/sandy is not started and the agent path will report\n' +
      '"sandbox unavailable". Install it with:  sudo apt-get install bubblewrap\n',
  );

if (args.has('--no-build') || env.JANUS_DEMO_SKIP_BUILD === '1')
  say('Skipping the build (--no-build).');
else if (isBuildUpToDate()) say('Build is up to date.');
else {
  say('Building (npm run build) …');
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: repoRoot,
    env,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    fail('The build failed; fix it and run `npm run demo` again.');
}

const abort = new AbortController();
/** @type {Awaited<ReturnType<typeof startDemoStack>> | null} */
let stack = null;
/** @type {import('./demo-process.mjs').RunningComponent[]} */
const started = [];
let stopping = false;
let running = false;
/**
 * Stops everything and exits with `code`; `before` runs first (reports why).
 * @param {number} code
 * @param {() => Promise<void>} [before]
 */
const shutdown = async (code, before) => {
  if (stopping) return;
  stopping = true;
  await before?.();
  say('\nStopping the demo …');
  abort.abort();
  for (const component of [...started].reverse()) await component.stop();
  say('All demo processes stopped.');
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
process.on('SIGHUP', () => void shutdown(129));

/**
 * Watches a component from the moment it is spawned: one that dies while a
 * later one starts (or after) stops the demo. Watching only once the stack is
 * up would miss an exit that already happened.
 * @param {import('./demo-process.mjs').RunningComponent} component
 */
const watch = component => {
  started.push(component);
  component.child.once('exit', (code, signal) => {
    if (stopping) return;
    const when = running ? 'unexpectedly' : 'during startup';
    void shutdown(1, async () => {
      // Its last lines (the reason) may still be in the pipe; a grandchild
      // holding the pipe open must not keep the demo waiting.
      await Promise.race([once(component.child, 'close'), delay(1000)]);
      process.stderr.write(
        `\n${component.name} exited ${when} (${code ?? signal}). Its last output:\n${component.output()}\n`,
      );
    });
  });
};

try {
  stack = await startDemoStack({
    ports,
    env,
    signal: abort.signal,
    onStarted: watch,
    // No progress once stopping: a health check answered meanwhile is no news.
    onStatus: message => {
      if (!stopping) say(`· ${message}`);
    },
    onLine: quiet ? undefined : (name, line) => say(`[${name}] ${line}`),
  });
} catch (error) {
  if (stopping) await new Promise(() => {});
  fail(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
}
if (stack === null) process.exit(1);
running = true;

say(`
Janus demo is running.
  Chat UI            ${stack.urls.ui}
  Gateway            ${stack.urls.gateway}  (OpenAI-compatible: ${stack.urls.gateway}/v1)
  baseline-agent-cli ${stack.urls.agentCli}
  baseline-langchain ${stack.urls.langchain}
  @janus/sandy       ${stack.urls.sandy ?? 'not started (bubblewrap missing: sandbox unavailable)'}
  LLM                ${stack.llm.description}${stack.urls.llm ? `\n                     ${stack.urls.llm}` : ''}

Try:  curl -N ${stack.urls.gateway}/v1/chat/completions -H 'content-type: application/json' \\
        -d '{"model":"baseline-agent-cli","stream":true,"messages":[{"role":"user","content":"Hello"}]}'
Press Ctrl-C to stop everything.`);
