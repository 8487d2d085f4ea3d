/**
 * @janus/sandy benchmark: sandbox lifecycle latency against the bubblewrap
 * floor measured in the same run, plus a 50-sandbox concurrency check.
 *
 *   npm run bench -w @janus/sandy            (ROUNDS=200 CONCURRENT=50 by default)
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import {
  createSandyServer,
  createSilentLogger,
  SandboxManager,
} from '../src/index';

const rounds = Number(process.env.ROUNDS ?? 200);
const concurrent = Number(process.env.CONCURRENT ?? 50);
const warmup = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ] ?? Number.NaN
  );
}

const floorArgs = [
  '--unshare-all',
  '--die-with-parent',
  '--new-session',
  '--ro-bind',
  '/',
  '/',
  '--dev',
  '/dev',
  '--proc',
  '/proc',
  '--tmpfs',
  '/tmp',
  '--',
  '/bin/true',
];

function bareBwrap(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bwrap', floorArgs, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', code =>
      code === 0 ? resolve() : reject(new Error(`bwrap exited ${code}`)),
    );
  });
}

const manager = new SandboxManager({
  logger: createSilentLogger(),
  maxSandboxes: Math.max(64, concurrent),
});
const runtime = await manager.ready();
const stats = await manager.stats();
// The same without the warm pool: every create mounts its tmpfs and makes its cgroups.
const coldManager = new SandboxManager({
  logger: createSilentLogger(),
  warmPoolSize: 0,
});
await coldManager.ready();
const sandy = createSandyServer({ manager, logger: createSilentLogger() });
const listener = await sandy.listen({ port: 0 });
const post = async (path: string, body?: unknown) => {
  const response = await fetch(`${listener.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} → ${response.status}`);
  return response.json();
};

/** One round of each measurement; rounds interleave them so machine load hits all alike. */
const measurements: Record<string, () => Promise<Record<string, number>>> = {
  floor: async () => {
    const started = performance.now();
    await bareBwrap();
    return { floor: performance.now() - started };
  },
  library: async () => {
    const started = performance.now();
    const { sandboxId } = await manager.create();
    const created = performance.now();
    const result = await manager.exec(sandboxId, { command: 'true' });
    if (result.exitCode !== 0) throw new Error(`exec failed: ${result.stderr}`);
    const executed = performance.now();
    await manager.terminate(sandboxId);
    return {
      create: created - started,
      exec: executed - created,
      createExec: executed - started,
      total: performance.now() - started,
    };
  },
  cold: async () => {
    const started = performance.now();
    const { sandboxId } = await coldManager.create();
    const created = performance.now();
    await coldManager.exec(sandboxId, { command: 'true' });
    const executed = performance.now();
    await coldManager.terminate(sandboxId);
    return {
      coldCreate: created - started,
      coldCreateExec: executed - started,
    };
  },
  http: async () => {
    const started = performance.now();
    const { sandboxId } = await post('/api/sandboxes');
    await post(`/api/sandboxes/${sandboxId}/exec`, { command: 'true' });
    const executed = performance.now();
    await post(`/api/sandboxes/${sandboxId}/terminate`);
    return {
      httpCreateExec: executed - started,
      httpTotal: performance.now() - started,
    };
  },
};
const samples: Record<string, number[]> = {};
for (let round = 0; round < warmup + rounds; round++) {
  for (const measure of Object.values(measurements)) {
    const values = await measure();
    if (round < warmup) continue;
    for (const [key, value] of Object.entries(values)) {
      samples[key] ??= [];
      samples[key].push(value);
    }
  }
}

// 50 sandboxes at once, each running a command, over HTTP.
const concurrencyStarted = performance.now();
const outcomes = await Promise.allSettled(
  Array.from({ length: concurrent }, async (_, index) => {
    const { sandboxId } = await post('/api/sandboxes');
    const result = await post(`/api/sandboxes/${sandboxId}/exec`, {
      command: `echo sandbox-${index}`,
    });
    if (result.stdout !== `sandbox-${index}\n`)
      throw new Error(`unexpected output ${JSON.stringify(result)}`);
    return sandboxId as string;
  }),
);
const concurrencyMs = performance.now() - concurrencyStarted;
const failures = outcomes.filter(outcome => outcome.status === 'rejected');
await Promise.all(
  outcomes.flatMap(outcome =>
    outcome.status === 'fulfilled'
      ? [post(`/api/sandboxes/${outcome.value}/terminate`)]
      : [],
  ),
);
await listener.close();
await manager.close();
await coldManager.close();

const floorP50 = percentile(samples.floor!, 50);
const format = (value: number) => value.toFixed(1).padStart(7);
const rows: Array<[string, number[]]> = [
  ['floor: bare bwrap /bin/true', samples.floor!],
  ['manager: create', samples.create!],
  ['manager: exec true', samples.exec!],
  ['manager: create + exec', samples.createExec!],
  ['manager: create + exec + terminate', samples.total!],
  ['manager, no warm pool: create', samples.coldCreate!],
  ['manager, no warm pool: create + exec', samples.coldCreateExec!],
  ['HTTP: create + exec', samples.httpCreateExec!],
  ['HTTP: create + exec + terminate', samples.httpTotal!],
];
console.log(
  `@janus/sandy bench: ${rounds} rounds (+${warmup} warm-up), measurements interleaved, node ${process.version}, load ${loadavg()
    .map(value => value.toFixed(2))
    .join(' ')}`,
);
console.log(
  `isolation ${stats.isolation}, memory ${stats.memoryLimit}, pids ${stats.pidsLimit}, disk ${stats.diskQuota}, per-sandbox uid ${stats.perSandboxUid}, rlimits via ${runtime.shellUlimits ? 'dash ulimit' : runtime.prlimitPath ? 'prlimit' : 'nothing'}, seccomp ${runtime.seccompFilter ? 'on' : 'off'}`,
);
console.log(`| measurement | p50 ms | p99 ms | p50 / floor p50 |`);
console.log(`|---|---:|---:|---:|`);
for (const [label, values] of rows) {
  const p50 = percentile(values, 50);
  console.log(
    `| ${label} | ${format(p50)} | ${format(percentile(values, 99))} | ${(p50 / floorP50).toFixed(2)}× |`,
  );
}
console.log(
  `${concurrent} concurrent sandboxes (create + exec over HTTP): ${concurrent - failures.length} ok, ${failures.length} failed, ${concurrencyMs.toFixed(0)} ms wall`,
);
for (const failure of failures.slice(0, 5))
  console.log(`  failure: ${(failure as PromiseRejectedResult).reason}`);
if (failures.length > 0) process.exitCode = 1;
