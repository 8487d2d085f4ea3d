/**
 * Benchmarks the bench client against the scripted model (a separate
 * process, so server and client do not share an event loop):
 *  1. TTFT accuracy: measured TTFT p50 vs the configured first-token delay,
 *     and vs a minimal raw-fetch baseline client in the same run.
 *  2. Scale: the number of concurrent streams held (peak concurrency),
 *     failures, and client CPU per request.
 * Run: npm run bench -w @janus/bench
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BenchTask } from '../src/datasets/task-schema';
import { percentile } from '../src/metrics/summarize';
import { runBench } from '../src/runner/run-bench';
import { schedule } from '../src/runner/schedule';

const FIRST_TOKEN_DELAY_MS = 50;
const TOKENS_PER_SECOND = 10;
/** Steady-state streams for the TTFT accuracy runs (open loop, Poisson). */
const ACCURACY_LEVELS = [1, 50, 100, 200];
/** Closed-loop scale runs: all streams start together and stay open. */
const SCALE_LEVELS = [500, 1000];
/** Seconds of arrivals per accuracy level. */
const WINDOW_SECONDS = 8;
/** Repetitions per level (the table reports medians). */
const ROUNDS = 3;

async function startScriptedModel(): Promise<{
  url: string;
  stop: () => void;
}> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@janus/competitor-kit/package.json');
  const bin = join(dirname(packageJson), 'dist/bin/janus-scripted-model.js');
  const child = spawn(
    process.execPath,
    [
      bin,
      '--port',
      '0',
      '--first-token-delay-ms',
      String(FIRST_TOKEN_DELAY_MS),
      '--tokens-per-second',
      String(TOKENS_PER_SECOND),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      const match = /http:\/\/\S+/.exec(data.toString());
      if (match) resolve(match[0]);
    });
    child.on('exit', code =>
      reject(new Error(`scripted model exited with ${code}`)),
    );
  });
  return { url, stop: () => child.kill() };
}

const tasks = (count: number, offset = 0): BenchTask[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `bench-${String(index + offset).padStart(5, '0')}`,
    category: 'chat',
    messages: [{ role: 'user', content: `Hello number ${index + offset}` }],
    expected: { contains_any: ['hello'] },
  }));

/**
 * Baseline: a minimal client (fetch, read bytes, stop timing at the first
 * non-empty reasoning/content delta), sent on the same schedule.
 */
async function rawTtft(options: {
  url: string;
  count: number;
  concurrency?: number;
  rate?: number;
}): Promise<{ ttfts: number[]; failed: number }> {
  const ttfts: number[] = [];
  let failed = 0;
  const body = (index: number) =>
    JSON.stringify({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `Hello number ${index}` }],
    });
  await schedule({
    items: Array.from({ length: options.count }, (_, index) => index),
    concurrency: options.concurrency,
    rate: options.rate,
    seed: 'raw',
    run: async index => {
      const t0 = performance.now();
      let first: number | undefined;
      try {
        const response = await fetch(`${options.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(index),
        });
        const decoder = new TextDecoder();
        const reader = response.body!.getReader();
        for (
          let read = await reader.read();
          !read.done;
          read = await reader.read()
        ) {
          if (
            first === undefined &&
            /"(reasoning_content|content)":"[^"]/.test(
              decoder.decode(read.value, { stream: true }),
            )
          )
            first = performance.now() - t0;
        }
      } catch {
        // A refused or reset connection (server backlog full).
      }
      if (first === undefined) failed++;
      else ttfts.push(first);
    },
  });
  return { ttfts: ttfts.sort((a, b) => a - b), failed };
}

const fixed = (value: number | null | undefined, digits = 2) =>
  value == null ? '–' : value.toFixed(digits);

const server = await startScriptedModel();
const header = [
  'mode',
  'target streams',
  'requests',
  'peak in flight',
  'bench failed',
  'raw failed',
  'TTFT p50 ms (median of rounds)',
  'p50 − delay',
  'per-round p50',
  'worst p99 ms',
  'raw p50 ms',
  'bench − raw p50',
  'client CPU % of a core',
  'client CPU ms/req',
];
const rows: string[][] = [];
let offset = 0;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )!;

/**
 * One level, `ROUNDS` times, alternating which client goes first; the
 * table shows the median of the per-round p50s (the machine is shared, so
 * single rounds are noisy) and the worst round's p99.
 */
async function level(options: {
  mode: 'open' | 'closed';
  streams: number;
  count: number;
  rate?: number;
  concurrency?: number;
}) {
  const benchP50: number[] = [];
  const benchP99: number[] = [];
  const rawP50: number[] = [];
  const cpuShare: number[] = [];
  const cpuPerRequest: number[] = [];
  let peak = 0;
  let failed = 0;
  let rawFailed = 0;
  const kinds = new Set<string>();
  const runRaw = async () => {
    const raw = await rawTtft({
      url: server.url,
      count: options.count,
      rate: options.rate,
      concurrency: options.concurrency,
    });
    rawP50.push(percentile(raw.ttfts, 50)!);
    rawFailed += raw.failed;
  };
  const runClient = async () => {
    offset += options.count;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await runBench({
      target: server.url,
      tasks: tasks(options.count, offset),
      rate: options.rate,
      concurrency: options.concurrency,
      timeoutMs: 120_000,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const metrics = report.competitors[0]!.metrics;
    benchP50.push(metrics.ttft_ms.p50!);
    benchP99.push(metrics.ttft_ms.p99!);
    cpuShare.push((100 * cpuMs) / (performance.now() - started));
    cpuPerRequest.push(cpuMs / options.count);
    peak = Math.max(peak, metrics.peak_concurrency);
    failed += metrics.failed;
    for (const kind of Object.keys(metrics.error_kinds)) kinds.add(kind);
  };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await runRaw();
      await runClient();
    } else {
      await runClient();
      await runRaw();
    }
  }
  const bench = median(benchP50);
  const raw = median(rawP50);
  rows.push([
    options.mode === 'open'
      ? `open loop ${fixed(options.rate, 1)}/s`
      : 'closed loop',
    String(options.streams),
    `${ROUNDS}×${options.count}`,
    String(peak),
    `${failed}${kinds.size ? ` (${[...kinds].join(',')})` : ''}`,
    String(rawFailed),
    fixed(bench),
    fixed(bench - FIRST_TOKEN_DELAY_MS),
    benchP50.map(value => fixed(value, 1)).join(' / '),
    fixed(Math.max(...benchP99)),
    fixed(raw),
    fixed(bench - raw),
    fixed(median(cpuShare), 1),
    fixed(median(cpuPerRequest), 3),
  ]);
  console.error(`done: ${options.mode} ${options.streams}`);
}
try {
  // Warm both clients (JIT, sockets) and measure one stream's duration.
  const probe = await runBench({
    target: server.url,
    tasks: tasks(20),
    concurrency: 10,
  });
  await rawTtft({ url: server.url, count: 20, concurrency: 10 });
  const streamMs = probe.competitors[0]!.metrics.e2e_ms.p50!;
  for (const streams of ACCURACY_LEVELS) {
    if (streams === 1) {
      await level({ mode: 'closed', streams, count: 5, concurrency: 1 });
      continue;
    }
    // Little's law: `streams` in flight at a rate of streams / stream duration.
    const rate = (streams * 1000) / streamMs;
    await level({
      mode: 'open',
      streams,
      count: Math.round(rate * WINDOW_SECONDS),
      rate,
    });
  }
  for (const streams of SCALE_LEVELS)
    await level({
      mode: 'closed',
      streams,
      count: streams,
      concurrency: streams,
    });
  console.log(
    `scripted model (separate process): firstTokenDelayMs ${FIRST_TOKEN_DELAY_MS}, ${TOKENS_PER_SECOND} tokens/s, stream ≈ ${fixed(streamMs, 0)} ms`,
  );
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} finally {
  server.stop();
}
