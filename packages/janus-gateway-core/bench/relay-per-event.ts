/**
 * CPU per event of the stream relay, in one process, against what it
 * replaced: the protocol's `JsonEventDecoder` (TextDecoder-free text in,
 * `eventsource-parser`, `JSON.parse`, a part object) and a re-encoded
 * `data: …` frame, which is what the relay did for every event before
 * 2026-11-28. Also the event check alone against `JSON.parse`.
 *
 *   npm run bench:relay -w @janus/gateway-core
 *
 * The events are the bench competitor's chunks (219 characters), one per
 * read as at a 25 ms pace, as flat strings (what Node's UTF-8 decoding of a
 * socket read gives). Five rounds of 200,000 events after a warm-up; medians.
 */
import { JsonEventDecoder, type SseStreamPart } from '@janus/protocol';
import { InMemoryArtifactIndex } from '../src/artifacts/artifact-index';
import { ArtifactRewriter } from '../src/artifacts/artifact-rewriter';
import { isPlainJson } from '../src/chat/is-plain-json';
import { createProxySseBody } from '../src/chat/proxy-sse-stream';
import {
  DIRECT_BODY,
  PUSH_SOURCE,
  type PushSourceHandlers,
} from '../src/internal/direct-io';
import { createMemoryLogger } from '../src/observability/logger';

const EVENTS = 2_000;
const REPEAT = 100;
const ROUNDS = 5;

const events = Array.from({ length: EVENTS }, (_, index) =>
  Buffer.from(
    `data: {"id":"b","object":"chat.completion.chunk","created":1,"model":"bench","bench_t":${1_764_286_000_123.456 + index},"bench_request_t":1764286000100.789,"choices":[{"index":0,"delta":{"content":"token "},"finish_reason":null}]}\n\n`,
  ).toString(),
);

let written = 0;

/** The relay as the gateway runs it, fed by a push source the bench drives. */
async function relayFeeder(): Promise<(text: string) => void> {
  let handlers: PushSourceHandlers | undefined;
  const response = Object.assign(new Response(null), {
    [PUSH_SOURCE]: () => ({
      start(value: PushSourceHandlers) {
        handlers = value;
      },
      pause() {},
      resume() {},
      cancel() {},
    }),
  });
  const proxy = createProxySseBody({
    connection: Promise.resolve({
      response,
      attemptStartedAt: Date.now(),
    } as never),
    abortUpstream: () => {},
    keepAliveIntervalMs: 0,
    firstByteMs: 0,
    idleMs: 0,
    totalMs: 0,
    deadline: Number.POSITIVE_INFINITY,
    rewriter: new ArtifactRewriter({
      index: new InMemoryArtifactIndex(),
      competitorId: 'bench',
      competitorUrl: 'http://bench.test',
      logger: createMemoryLogger(),
      requestId: 'bench',
    }),
    onFirstData: () => {},
    onFinish: () => {},
  });
  proxy[DIRECT_BODY]({
    write: text => {
      written += text.length;
      return true;
    },
    end: () => {},
  });
  await new Promise(resolve => setImmediate(resolve));
  if (handlers === undefined) throw new Error('The relay did not start');
  const started = handlers;
  return text => started.data(text);
}

/** What the relay did per event before: decode, parse, re-encode. */
function decoderFeeder(): (text: string) => void {
  const decoder = new JsonEventDecoder<unknown>({
    keepAlives: true,
    requireDone: false,
    raw: true,
  });
  const emit = (part: SseStreamPart<unknown>) => {
    if (part.type === 'data' && part.raw !== undefined)
      written += `data: ${part.raw}\n\n`.length;
  };
  return text => decoder.push(text, emit);
}

function nsPerEvent(feed: (text: string) => void): number {
  const started = process.hrtime.bigint();
  for (let repeat = 0; repeat < REPEAT; repeat++)
    for (const event of events) feed(event);
  return Number(process.hrtime.bigint() - started) / (REPEAT * EVENTS);
}

const payloads = events.map(event => [6, event.length - 2] as const);
let sink = 0;
const checks = {
  'JSON.parse (baseline)': () => {
    for (let index = 0; index < EVENTS; index++) {
      const [start, end] = payloads[index]!;
      sink += JSON.parse(events[index]!.slice(start, end)).created;
    }
  },
  isPlainJson: () => {
    for (let index = 0; index < EVENTS; index++) {
      const [start, end] = payloads[index]!;
      if (isPlainJson(events[index]!, start, end)) sink++;
    }
  },
};

function nsPerCheck(run: () => void): number {
  const started = process.hrtime.bigint();
  for (let repeat = 0; repeat < REPEAT; repeat++) run();
  return Number(process.hrtime.bigint() - started) / (REPEAT * EVENTS);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const relay = await relayFeeder();
const decoder = decoderFeeder();
const paths = { 'decoder + re-encode (baseline)': decoder, relay };
for (const feed of Object.values(paths)) nsPerEvent(feed);
for (const run of Object.values(checks)) nsPerCheck(run);
const results: Record<string, number[]> = Object.fromEntries(
  [...Object.keys(paths), ...Object.keys(checks)].map(name => [name, []]),
);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, feed] of Object.entries(paths))
    results[name]!.push(nsPerEvent(feed));
  for (const [name, run] of Object.entries(checks))
    results[name]!.push(nsPerCheck(run));
}
const row = (name: string, baseline: string) =>
  `| ${name} | ${median(results[name]!).toFixed(0)} | ${(median(results[name]!) / median(results[baseline]!)).toFixed(2)}× |`;
console.log(
  `# relay CPU per event (node ${process.version}, ${EVENTS * REPEAT} events per round, median of ${ROUNDS})\n`,
);
console.log('| path | ns per event | of baseline |\n| --- | --- | --- |');
console.log(
  row('decoder + re-encode (baseline)', 'decoder + re-encode (baseline)'),
);
console.log(row('relay', 'decoder + re-encode (baseline)'));
console.log(row('JSON.parse (baseline)', 'JSON.parse (baseline)'));
console.log(row('isPlainJson', 'JSON.parse (baseline)'));
if (written === 0 || sink === 0) throw new Error('Nothing was measured');
process.exit(0);
