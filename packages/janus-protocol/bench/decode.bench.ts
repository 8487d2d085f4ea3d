/**
 * Decode+validate throughput of `parseChatCompletionStream` against the raw
 * `eventsource-parser` + `JSON.parse` pipeline, on the same input in the same
 * run, and peak memory on a lazily generated 1 GB stream.
 *
 *   npm run bench -w @janus/protocol
 *
 * Targets (issue 2): ≥ 60% of raw, ≥ 200,000 chunks/s, flat memory.
 * Results: docs/benchmarks/janus-protocol.md.
 */
import { loadavg } from 'node:os';
import {
  chatCompletionChunkSchema,
  parseChatCompletionStream,
  parseJsonEventStream,
} from '../src';
import {
  decodeRaw,
  median,
  PeakMemory,
  settledMemory,
  timeRun,
} from './measure';
import { createPool, createPoolStream } from './typical-stream';

const poolChunks = 50_000;
const pieceSize = 16 * 1024;
const repeat = 4; // 200,000 chunks per round
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const memoryBytes = Number(process.env.BENCH_MEMORY_BYTES ?? 2 ** 30);

const pool = createPool({ count: poolChunks, pieceSize });
const chunkBytes = pool.bytes / poolChunks;
const input = () => createPoolStream({ pieces: pool.pieces, repeat });

async function decodeOurs(options: { validate: boolean }): Promise<number> {
  let count = 0;
  for await (const part of parseChatCompletionStream(input(), options)) {
    if (part.type === 'data') count++;
    else if (part.type === 'error') throw part.error;
  }
  return count;
}

// A copy of the schema is not the registered one, so this measures plain zod
// validation without the decoder's fast path (for the record).
const zodOnlySchema = chatCompletionChunkSchema.clone();
async function decodeZodOnly(): Promise<number> {
  let count = 0;
  for await (const part of parseJsonEventStream(input(), {
    schema: zodOnlySchema,
  })) {
    if (part.type === 'data') count++;
  }
  return count;
}

const pipelines = {
  raw: () => decodeRaw(input()),
  janus: () => decodeOurs({ validate: true }),
  'janus (validate: false)': () => decodeOurs({ validate: false }),
  'janus (zod only, no fast path)': decodeZodOnly,
} as const;
type Name = keyof typeof pipelines;
const rates = new Map<Name, number[]>(
  Object.keys(pipelines).map(name => [name as Name, []]),
);

console.log(
  `input: ${poolChunks * repeat} chunks/round, ${chunkBytes.toFixed(0)} B/chunk avg, ${pieceSize / 1024} KiB pieces; ${rounds} rounds; loadavg ${loadavg()
    .map(value => value.toFixed(2))
    .join(' ')}`,
);
await timeRun(pipelines.janus); // warm-up
await timeRun(pipelines.raw);
for (let round = 0; round < rounds; round++) {
  // Rotate the order so a noisy neighbour does not always hit the same one.
  const names = Object.keys(pipelines) as Name[];
  const rotated = [...names.slice(round % 4), ...names.slice(0, round % 4)];
  for (const name of rotated) {
    const { chunks, seconds } = await timeRun(pipelines[name]);
    rates.get(name)?.push(chunks / seconds);
  }
}
const rawRate = median(rates.get('raw') ?? []);
console.log('\n| pipeline | chunks/s (median) | MB/s | vs raw |');
console.log('|---|---:|---:|---:|');
for (const [name, values] of rates) {
  const rate = median(values);
  console.log(
    `| ${name} | ${Math.round(rate).toLocaleString('en-US')} | ${((rate * chunkBytes) / 1e6).toFixed(1)} | ${((rate / rawRate) * 100).toFixed(0)}% |`,
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
const gib = (memoryRepeat * pool.bytes) / 2 ** 30;
console.log(
  `\n${gib.toFixed(2)} GiB, ${chunks.toLocaleString('en-US')} chunks in ${seconds.toFixed(1)} s`,
);
console.log('| MiB | before | peak | after |');
console.log('|---|---:|---:|---:|');
console.log(
  `| RSS | ${before.rss.toFixed(0)} | ${peak.rss.toFixed(0)} | ${after.rss.toFixed(0)} |`,
);
console.log(
  `| heap used | ${before.heap.toFixed(0)} | ${peak.heap.toFixed(0)} | ${after.heap.toFixed(0)} |`,
);
const ratio = median(rates.get('janus') ?? []) / rawRate;
const rate = median(rates.get('janus') ?? []);
console.log(
  `\ntargets: ratio ${(ratio * 100).toFixed(0)}% (≥ 60%) ${ratio >= 0.6 ? 'met' : 'MISSED'}; ${Math.round(rate).toLocaleString('en-US')} chunks/s (≥ 200,000) ${rate >= 200_000 ? 'met' : 'MISSED'}`,
);
