/**
 * Benchmark of @janus/gateway-core (orchestrator): the same synthetic
 * competitor measured directly and through the gateway (Node adapter, real
 * socket, separate process) in one run.
 *
 *   npm run bench -w @janus/gateway-core
 *
 * Scenarios: added TTFT and per-chunk latency at 200 concurrent paced
 * streams; throughput (unpaced chunks/s) through vs direct; 2,000 concurrent
 * open streams with the gateway's RSS. Every scenario is bounded (fixed
 * stream count, per-stream timeout) and the whole run has a hard deadline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type LoadResult,
  quantile,
  runLoad,
  startLoad,
} from './load-generator';
import { startSyntheticCompetitor } from './synthetic-competitor';

const HARD_DEADLINE_MS = 5 * 60_000;
const deadline = setTimeout(() => {
  process.stderr.write('bench: hard deadline reached, aborting\n');
  process.exit(2);
}, HARD_DEADLINE_MS);
deadline.unref();

const competitor = await startSyntheticCompetitor();
const gateway = await startGatewayProcess(competitor.url);
const gatewayUrl = `http://127.0.0.1:${gateway.port}`;
const lines: string[] = [];
const print = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

try {
  print(`# @janus/gateway-core bench (${new Date().toISOString()})`);
  print(
    `node ${process.version}, load average before: ${loadavg()
      .map(value => value.toFixed(2))
      .join(' ')}`,
  );

  // Warm-up: JIT, connection pools.
  for (const url of [competitor.url, gatewayUrl])
    await runLoad({
      url,
      streams: 400,
      concurrency: 200,
      chunks: 5,
      paceMs: 5,
      timeoutMs: 20_000,
    });

  // 0. Intrinsic overhead: one stream at a time (little contention).
  const single = {
    streams: 100,
    concurrency: 1,
    chunks: 20,
    paceMs: 10,
    timeoutMs: 30_000,
  };
  const singleDirect = await runLoad({ url: competitor.url, ...single });
  const singleThrough = await runLoad({ url: gatewayUrl, ...single });

  // 1. Latency at 200 concurrent paced streams (interleaved rounds).
  const paced = {
    streams: 600,
    concurrency: 200,
    chunks: 20,
    paceMs: 25,
    timeoutMs: 30_000,
  };
  const direct: LoadResult[] = [];
  const through: LoadResult[] = [];
  for (let round = 0; round < 2; round++) {
    direct.push(await runLoad({ url: competitor.url, ...paced }));
    through.push(await runLoad({ url: gatewayUrl, ...paced }));
  }
  const merge = (results: LoadResult[], key: 'ttftMs' | 'chunkLatencyMs') =>
    results.flatMap(result => result[key]);
  const failed = (results: LoadResult[]) =>
    results.reduce((sum, result) => sum + result.failed, 0);
  const row = (label: string, direct: number[], through: number[]) =>
    `| ${label} | ${fmt(quantile(direct, 0.5))} / ${fmt(quantile(direct, 0.99))} | ${fmt(quantile(through, 0.5))} / ${fmt(quantile(through, 0.99))} | ${fmt(quantile(through, 0.5) - quantile(direct, 0.5))} / ${fmt(quantile(through, 0.99) - quantile(direct, 0.99))} |`;
  print('');
  print(
    `## Latency, 200 concurrent streams x ${paced.chunks} chunks every ${paced.paceMs} ms (${2 * paced.streams} streams each way)`,
  );
  print(
    '| metric (ms) | direct p50 / p99 | through gateway p50 / p99 | added p50 / p99 |',
  );
  print('|---|---|---|---|');
  print(row('TTFT', merge(direct, 'ttftMs'), merge(through, 'ttftMs')));
  print(
    row(
      'per-chunk latency',
      merge(direct, 'chunkLatencyMs'),
      merge(through, 'chunkLatencyMs'),
    ),
  );
  print(`failed streams: direct ${failed(direct)}, through ${failed(through)}`);
  print('');
  print(
    `## Latency, 1 stream at a time x ${single.chunks} chunks every ${single.paceMs} ms (${single.streams} streams each way)`,
  );
  print(
    '| metric (ms) | direct p50 / p99 | through gateway p50 / p99 | added p50 / p99 |',
  );
  print('|---|---|---|---|');
  print(row('TTFT', singleDirect.ttftMs, singleThrough.ttftMs));
  print(
    row(
      'per-chunk latency',
      singleDirect.chunkLatencyMs,
      singleThrough.chunkLatencyMs,
    ),
  );

  // 2. Throughput: unpaced streams, chunks per second.
  const unpaced = {
    streams: 200,
    concurrency: 50,
    chunks: 2_000,
    paceMs: 0,
    timeoutMs: 60_000,
  };
  const directThroughput = await runLoad({ url: competitor.url, ...unpaced });
  const gatewayThroughput = await runLoad({ url: gatewayUrl, ...unpaced });
  const rate = (result: LoadResult) =>
    (result.chunks / result.elapsedMs) * 1000;
  print('');
  print(
    `## Throughput, ${unpaced.concurrency} concurrent unpaced streams x ${unpaced.chunks} chunks (${unpaced.streams} streams)`,
  );
  print('| | chunks/s | failed |');
  print('|---|---|---|');
  print(
    `| direct | ${rate(directThroughput).toFixed(0)} | ${directThroughput.failed} |`,
  );
  print(
    `| through gateway | ${rate(gatewayThroughput).toFixed(0)} | ${gatewayThroughput.failed} |`,
  );
  print(
    `ratio through/direct: ${((rate(gatewayThroughput) / rate(directThroughput)) * 100).toFixed(1)}% (target >= 70%)`,
  );

  // 3. 2,000 concurrent open streams, opened over a 5 s ramp and held for
  // 20 s: RSS of the gateway process sampled while the most are open; the
  // same load direct as the TTFT baseline.
  const many = {
    streams: 2_000,
    concurrency: 2_000,
    chunks: 20,
    paceMs: 1_000,
    timeoutMs: 90_000,
    rampMs: 5_000,
  };
  const manyDirect = await runLoad({ url: competitor.url, ...many });
  const rssBefore = rssMb(gateway.child.pid!);
  const load = startLoad({ url: gatewayUrl, ...many });
  let sample = { open: 0, rss: Number.NaN };
  const sampler = setInterval(() => {
    const open = load.openNow();
    if (open >= sample.open) sample = { open, rss: rssMb(gateway.child.pid!) };
  }, 500);
  const open = await load.done;
  clearInterval(sampler);
  print('');
  print(
    '## 2,000 concurrent open streams through the gateway (20 chunks, 1 s apart, 5 s ramp)',
  );
  print(
    `direct: completed ${manyDirect.streams - manyDirect.failed}/${manyDirect.streams}, most open at once ${manyDirect.maxOpen}`,
  );
  print(
    `through: completed ${open.streams - open.failed}/${open.streams}, most open at once ${open.maxOpen}, errors ${JSON.stringify(open.errors)}`,
  );
  print(
    `gateway RSS: idle after the runs above ${rssBefore.toFixed(0)} MB, with ${sample.open} streams open ${sample.rss.toFixed(0)} MB (target < 500 MB), peak ${peakRssMb(gateway.child.pid!).toFixed(0)} MB`,
  );
  print(
    `TTFT at 2,000 streams: direct p50 ${fmt(quantile(manyDirect.ttftMs, 0.5))} / p99 ${fmt(quantile(manyDirect.ttftMs, 0.99))} ms; through p50 ${fmt(quantile(open.ttftMs, 0.5))} / p99 ${fmt(quantile(open.ttftMs, 0.99))} ms`,
  );
  print('');
  print(
    `load average after: ${loadavg()
      .map(value => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  gateway.child.kill('SIGTERM');
  await competitor.close();
  clearTimeout(deadline);
}

function fmt(value: number): string {
  return value.toFixed(2);
}

function rssMb(pid: number): number {
  return statusField(pid, 'VmRSS');
}

function peakRssMb(pid: number): number {
  return statusField(pid, 'VmHWM');
}

// Linux /proc: the child's resident set, in MB.
function statusField(pid: number, field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function startGatewayProcess(
  competitorUrl: string,
): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(
    new URL('./gateway-process.ts', import.meta.url),
  );
  const child = spawn(
    process.execPath,
    ['--conditions=@janus/source', '--import', 'tsx', script, competitorUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child
      .stdout!.setEncoding('utf8')
      .once('data', (text: string) => resolve(JSON.parse(text).port));
    child.once('exit', code =>
      reject(new Error(`gateway process exited (${code})`)),
    );
  });
  return { child, port };
}
