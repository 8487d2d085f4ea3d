/**
 * Decode+validate throughput of `parseChatCompletionStream` against the raw
 * `eventsource-parser` + `JSON.parse` pipeline on the same input, in the same
 * run, and peak memory on a lazily generated 1 GB stream.
 *
 *   npm run bench -w @janus/protocol
 *
 * Each pipeline runs in its own child process, interleaved round by round:
 * in one process the pipelines share eventsource-parser's code, and the
 * call sites that then turn polymorphic slow whichever runs second.
 * Targets (issue 2): ≥ 60% of raw, ≥ 200,000 chunks/s on one core, flat
 * memory. Results: docs/benchmarks/janus-protocol.md.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseChatCompletionStream } from '../src';
import { median, PeakMemory, settledMemory, timeRun } from './measure';
import { pieceSize, pipelines, pool, poolChunks, repeat } from './pipelines';
import { createPoolStream } from './typical-stream';

const childFlag = process.argv.indexOf('--child');
if (childFlag !== -1) {
  // Child: one warm-up run, then the median of three timed runs, as JSON.
  const run = pipelines[process.argv[childFlag + 1] ?? ''];
  if (!run) throw new Error('unknown pipeline');
  await run();
  const runs = [await timeRun(run), await timeRun(run), await timeRun(run)];
  const wall = median(runs.map(result => result.wall));
  const cpu = median(runs.map(result => result.cpu));
  process.stdout.write(JSON.stringify({ wall, cpu }));
  process.exit(0);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const memoryBytes = Number(process.env.BENCH_MEMORY_BYTES ?? 2 ** 30);
const chunkBytes = pool.bytes / poolChunks;
const names = Object.keys(pipelines);
const results = new Map(
  names.map(name => [name, { wall: [] as number[], cpu: [] as number[] }]),
);
const load = () =>
  loadavg()
    .map(value => value.toFixed(2))
    .join(' ');

console.log(
  `input: ${poolChunks * repeat} chunks/run, ${chunkBytes.toFixed(0)} B/chunk avg, ${pieceSize / 1024} KiB pieces; ${rounds} rounds × 3 runs; loadavg ${load()}`,
);
for (let round = 0; round < rounds; round++) {
  // Rotate the order so a noisy neighbour does not always hit the same one.
  const offset = round % names.length;
  for (const name of [...names.slice(offset), ...names.slice(0, offset)]) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--child', name],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    const { wall, cpu } = JSON.parse(child.stdout);
    results.get(name)?.wall.push(wall);
    results.get(name)?.cpu.push(cpu);
  }
}
const rate = (name: string, kind: 'wall' | 'cpu') =>
  median(results.get(name)?.[kind] ?? []);
const format = (value: number) => Math.round(value).toLocaleString('en-US');
console.log(
  '\n| pipeline | chunks/s per CPU second | MB/s | vs raw | chunks/s wall clock | vs raw (wall) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const name of names) {
  const cpu = rate(name, 'cpu');
  const wall = rate(name, 'wall');
  console.log(
    `| ${name} | ${format(cpu)} | ${((cpu * chunkBytes) / 1e6).toFixed(1)} | ${((cpu / rate('raw', 'cpu')) * 100).toFixed(0)}% | ${format(wall)} | ${((wall / rate('raw', 'wall')) * 100).toFixed(0)}% |`,
  );
}

// Memory: stream `memoryBytes` through the full decoder, sampling every 10k parts.
const before = settledMemory();
const peak = new PeakMemory();
let chunks = 0;
const memoryRepeat = Math.ceil(memoryBytes / pool.bytes);
const start = performance.now();
for await (const part of parseChatCompletionStream(
  createPoolStream({ pieces: pool.pieces, repeat: memoryRepeat }),
)) {
  if (part.type === 'data' && ++chunks % 10_000 === 0) peak.sample();
}
const seconds = (performance.now() - start) / 1000;
const after = settledMemory();
console.log(
  `\nmemory: ${((memoryRepeat * pool.bytes) / 2 ** 30).toFixed(2)} GiB, ${format(chunks)} chunks in ${seconds.toFixed(1)} s`,
);
console.log('| MiB | before | peak | after |');
console.log('|---|---:|---:|---:|');
for (const key of ['rss', 'heap'] as const)
  console.log(
    `| ${key === 'rss' ? 'RSS' : 'heap used'} | ${before[key].toFixed(0)} | ${peak[key].toFixed(0)} | ${after[key].toFixed(0)} |`,
  );
const ratio = rate('janus', 'cpu') / rate('raw', 'cpu');
console.log(
  `\ntargets: ${(ratio * 100).toFixed(0)}% of raw (≥ 60%) ${ratio >= 0.6 ? 'met' : 'MISSED'}; ${format(rate('janus', 'cpu'))} chunks/s per core (≥ 200,000) ${rate('janus', 'cpu') >= 200_000 ? 'met' : 'MISSED'}; loadavg ${load()}`,
);
