/**
 * Heap per open stream: what each stream a proxy holds open keeps alive on
 * its heap, through the gateway and through the bare Node pipe. That is what
 * every young-generation GC copies once or twice (see docs/gateway.md, "The
 * tail"), so it bounds how long those pauses are at 200 streams.
 *
 *   npm run bench:heap -w @janus/gateway-core
 *
 * Each proxy runs in its own process with a heap probe (bench/heap-probe.mjs):
 * after a warm-up, a full GC and `heapUsed` with no stream open, then with
 * `STREAMS` (default 200) long streams open, then again once they are closed
 * (a leak check). Three rounds per proxy; medians.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, type ClientRequest, request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { runSteadyLoad } from './steady-load';
import { startSyntheticCompetitor } from './synthetic-competitor';

const STREAMS = Number(process.env.STREAMS ?? 200);
const ROUNDS = 3;

interface Probed {
  child: ChildProcess;
  url: string;
  heapUsed(): Promise<number>;
}

async function startProbed(script: string, upstream: string): Promise<Probed> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', './bench/heap-probe.mjs', script, upstream],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const waiting: Array<(heapUsed: number) => void> = [];
  createInterface({ input: child.stderr! }).on('line', line => {
    if (line.startsWith('heap-probe '))
      waiting.shift()?.(JSON.parse(line.slice(11)).heapUsed);
  });
  const first: string = await new Promise(resolve =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return {
    child,
    url: `http://127.0.0.1:${JSON.parse(first).port}`,
    heapUsed: () =>
      new Promise(resolve => {
        waiting.push(resolve);
        child.kill('SIGUSR2');
      }),
  };
}

/** Opens `count` streams that last far longer than the measurement; resolves once each has its first byte. */
async function openStreams(url: string, count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const requests: ClientRequest[] = [];
  const body = JSON.stringify({
    model: 'bench',
    stream: true,
    messages: [{ role: 'user', content: 'bench' }],
    bench: { chunks: 1_000_000, pace_ms: 25 },
  });
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const request = httpRequest(`${url}/v1/chat/completions`, {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json' },
          });
          requests.push(request);
          request.on('response', response => {
            response.once('data', () => resolve());
            response.resume();
          });
          request.on('error', error => {
            if (!request.destroyed) reject(error);
          });
          request.end(body);
        }),
    ),
  );
  return () => {
    for (const request of requests) request.destroy();
    agent.destroy();
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const competitor = await startSyntheticCompetitor();
const rows: string[] = [];
for (const [name, script] of [
  ['through the gateway', 'bench/gateway-process.mjs'],
  ['through a bare Node pipe (floor)', 'bench/bare-proxy.mjs'],
] as const) {
  const proxy = await startProbed(script, competitor.url);
  // Warm-up: the per-request code optimised, pools and caches filled.
  await runSteadyLoad({
    url: proxy.url,
    concurrency: STREAMS,
    chunks: 20,
    paceMs: 25,
    durationMs: 4_000,
    warmupMs: 0,
    timeoutMs: 30_000,
  });
  const open: number[] = [];
  const left: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await sleep(500);
    const idle = await proxy.heapUsed();
    const close = await openStreams(proxy.url, STREAMS);
    await sleep(1_000);
    const busy = await proxy.heapUsed();
    close();
    await sleep(1_000);
    const after = await proxy.heapUsed();
    open.push((busy - idle) / STREAMS);
    left.push((after - idle) / STREAMS);
    console.log(
      `${name}, round ${round + 1}: ${kb((busy - idle) / STREAMS)} per open stream, ${kb((after - idle) / STREAMS)} per stream left after they closed`,
    );
  }
  rows.push(`| ${name} | ${kb(median(open))} | ${kb(median(left))} |`);
  proxy.child.kill('SIGTERM');
}
await competitor.close();
console.log(
  `\n${STREAMS} streams open at once (median of ${ROUNDS} rounds):\n\n| path | heap per open stream | left per stream after they closed |\n| --- | --- | --- |\n${rows.join('\n')}`,
);
