/**
 * Stream-writer throughput: chunks/s through the `createCompetitor` fetch
 * handler (the handler writes `stream.content()` pieces; the bench drains
 * the Response body) against writing pre-encoded SSE strings straight into
 * a `ReadableStream` Response, in the same run.
 *
 *   npm run bench -w @janus/competitor-kit
 *
 * Each variant runs in its own child process, interleaved round by round,
 * so JIT state of one variant cannot slow another. Reports the median wall
 * and CPU time per round. Results: docs/benchmarks/janus-competitor-kit.md.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { encodeSseData, SSE_DONE, SSE_HEADERS } from '@janus/protocol';
import { createCompetitor, silentLogger } from '../src/index';

const chunks = Number(process.env.BENCH_CHUNKS ?? 100_000);
const piece = 'token ';
const body = JSON.stringify({
  model: 'bench',
  stream: true,
  messages: [{ role: 'user', content: 'go' }],
});

const asyncCompetitor = createCompetitor({
  id: 'bench',
  name: 'Bench',
  logger: silentLogger,
  async handle(_request, stream) {
    for (let index = 0; index < chunks; index++) {
      stream.content(piece);
      // What a well-behaved handler does: yield to backpressure now and then.
      if (index % 64 === 63) await stream.ready();
    }
  },
});
const generatorCompetitor = createCompetitor({
  id: 'bench',
  name: 'Bench',
  logger: silentLogger,
  async *handle() {
    for (let index = 0; index < chunks; index++) yield piece;
  },
});

/** The baseline: the same chunk objects, pre-encoded as SSE text, enqueued as bytes. */
function rawResponse(): Response {
  const encoder = new TextEncoder();
  const frame = (delta: object) =>
    encodeSseData({
      id: 'chatcmpl-x',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'bench',
      choices: [{ index: 0, delta, finish_reason: null }],
    });
  const role = frame({ role: 'assistant' });
  const content = frame({ content: piece });
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(role));
    },
    pull(controller) {
      for (let batch = 0; batch < 64 && sent < chunks; batch++, sent++)
        controller.enqueue(encoder.encode(content));
      if (sent === chunks) {
        controller.enqueue(encoder.encode(SSE_DONE));
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

const request = () =>
  new Request('http://bench/v1/chat/completions', { method: 'POST', body });
const variants: Record<string, () => Promise<Response>> = {
  'raw pre-encoded SSE': async () => rawResponse(),
  'createCompetitor (async writer)': () => asyncCompetitor.fetch(request()),
  'createCompetitor (async generator)': () =>
    generatorCompetitor.fetch(request()),
};

async function drain(response: Response): Promise<number> {
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
  }
}

async function timed(
  run: () => Promise<Response>,
): Promise<{ wall: number; cpu: number }> {
  const startCpu = process.cpuUsage();
  const start = performance.now();
  const bytes = await drain(await run());
  const cpu = process.cpuUsage(startCpu);
  // Every variant must really send every chunk (a frame is > 100 bytes).
  if (bytes < chunks * 100)
    throw new Error(`only ${bytes} bytes for ${chunks} chunks`);
  return {
    wall: performance.now() - start,
    cpu: (cpu.user + cpu.system) / 1000,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const childFlag = process.argv.indexOf('--child');
if (childFlag !== -1) {
  const run = variants[process.argv[childFlag + 1] ?? ''];
  if (!run) throw new Error('unknown variant');
  await timed(run); // warm-up
  const runs = [await timed(run), await timed(run), await timed(run)];
  process.stdout.write(
    JSON.stringify({
      wall: median(runs.map(r => r.wall)),
      cpu: median(runs.map(r => r.cpu)),
    }),
  );
  process.exit(0);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const names = Object.keys(variants);
const results = new Map(
  names.map(name => [name, { wall: [] as number[], cpu: [] as number[] }]),
);
const script = fileURLToPath(import.meta.url);
for (let round = 0; round < rounds; round++) {
  for (const name of names) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, script, '--child', name],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    const { wall, cpu } = JSON.parse(child.stdout) as {
      wall: number;
      cpu: number;
    };
    results.get(name)?.wall.push(wall);
    results.get(name)?.cpu.push(cpu);
  }
}

const baseline = results.get(names[0] ?? '');
const baseWall = median(baseline?.wall ?? []);
const baseCpu = median(baseline?.cpu ?? []);
console.log(
  `stream-writer throughput, ${chunks.toLocaleString('en')} content chunks per run, median of ${rounds} rounds (each the median of 3 runs)`,
);
console.log(
  `node ${process.version}, load average ${loadavg()
    .map(value => value.toFixed(2))
    .join(' ')}\n`,
);
console.log(
  '| variant | wall ms | chunks/s (wall) | CPU ms | chunks/s (CPU) | vs raw (CPU) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const name of names) {
  const wall = median(results.get(name)?.wall ?? []);
  const cpu = median(results.get(name)?.cpu ?? []);
  const rate = (ms: number) =>
    Math.round(chunks / (ms / 1000)).toLocaleString('en');
  console.log(
    `| ${name} | ${wall.toFixed(0)} | ${rate(wall)} | ${cpu.toFixed(0)} | ${rate(cpu)} | ${(baseCpu / cpu).toFixed(2)}× (wall ${(baseWall / wall).toFixed(2)}×) |`,
  );
}
