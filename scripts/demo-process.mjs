// Child processes of the demo: each in its own process group (so stopping it
// also stops what it started, e.g. `npm start` → node), with prefixed output,
// a health wait, and a stop that escalates SIGTERM → SIGKILL.

import { spawn } from 'node:child_process';

/**
 * @typedef {object} ComponentSpec
 * @property {string} name - Short name for logs.
 * @property {string} command - Executable.
 * @property {string[]} args
 * @property {Record<string, string | undefined>} env - Full environment.
 * @property {string} [cwd]
 * @property {string} healthUrl - Polled until it answers 2xx.
 * @property {string} [healthId] - The `id` its health answer must carry (so
 *   another process answering on the same port does not count as healthy).
 */

/**
 * @typedef {object} RunningComponent
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output - Its recent output (last 200 lines).
 * @property {() => Promise<void>} stop
 */

/**
 * Starts a component in its own process group.
 * @param {ComponentSpec} spec
 * @param {{ onLine?: (name: string, line: string) => void }} [options]
 * @returns {RunningComponent}
 */
export function startComponent(spec, options = {}) {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: /** @type {NodeJS.ProcessEnv} */ (spec.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  /** @type {string[]} */
  const lines = [];
  const collect = (
    /** @type {import('node:stream').Readable | null} */ stream,
  ) => {
    if (!stream) return;
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', text => {
      rest += text;
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        options.onLine?.(spec.name, line);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise(resolve => child.once('exit', resolve));
  return {
    name: spec.name,
    child,
    output: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Sweep the group, also when the leader died on its own: it may exit
      // before its children (npm → node) and leave them running.
      signalGroup(child, 'SIGKILL');
    },
  };
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
export function signalGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone (ESRCH).
  }
}

/**
 * Polls a URL until it answers 2xx (with a JSON body whose `id` is `id`, when
 * given); fails early when the process exits, and after `timeoutMs` with the
 * component's recent output.
 * @param {RunningComponent} component
 * @param {{ url: string, id?: string, timeoutMs?: number, signal?: AbortSignal }} options
 */
export async function waitForHealthy(component, options) {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    if (
      component.child.exitCode !== null ||
      component.child.signalCode !== null
    ) {
      throw new Error(
        `${component.name} exited (${component.child.exitCode ?? component.child.signalCode}) before it was healthy:\n${component.output()}`,
      );
    }
    try {
      const response = await fetch(options.url, {
        signal: AbortSignal.timeout(2000),
      });
      if (!response.ok || options.id === undefined) {
        await response.body?.cancel();
        if (response.ok) return;
        lastProblem = `HTTP ${response.status}`;
      } else {
        // Another process on the same port (e.g. one started earlier with the
        // same PORT) answers too: only the expected id counts.
        const id = await healthId(response);
        if (id === options.id) return;
        lastProblem = `answered as ${id === undefined ? 'something else' : `"${id}"`}, not "${options.id}"`;
      }
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(
    `${component.name} was not healthy at ${options.url} in time (${lastProblem}):\n${component.output()}`,
  );
}

/**
 * The `id` of a health answer's JSON body, if it has one.
 * @param {Response} response
 * @returns {Promise<string | undefined>}
 */
async function healthId(response) {
  try {
    const body = await response.json();
    return typeof body?.id === 'string' ? body.id : undefined;
  } catch {
    return undefined;
  }
}
