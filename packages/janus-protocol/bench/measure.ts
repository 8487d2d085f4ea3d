/**
 * Measurement helpers of the decode benchmark: the raw baseline pipeline,
 * throughput rounds, and memory sampling. Node-only (bench code).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createParser } from 'eventsource-parser';

/**
 * The baseline: `eventsource-parser` + `JSON.parse` over the same byte
 * stream, with the same streaming `TextDecoder`, nothing else. Returns the
 * number of events parsed.
 */
export async function decodeRaw(
  stream: ReadableStream<Uint8Array>,
): Promise<number> {
  let count = 0;
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent: event => {
      if (event.data === '[DONE]') return;
      JSON.parse(event.data);
      count++;
    },
  });
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>)
    parser.feed(decoder.decode(piece, { stream: true }));
  return count;
}

/**
 * One timed run: chunks per second of wall time and of process CPU time.
 * CPU time is what "on one core" means, and it hides time spent descheduled
 * when other work shares the machine (it does include GC helper threads,
 * which only makes it conservative).
 */
export async function timeRun(
  run: () => Promise<number>,
): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const chunks = await run();
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { wall: chunks / wallSeconds, cpu: chunks / cpuSeconds };
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Memory in MiB after a full GC: the live set, not garbage. */
export function settledMemory(): { rss: number; heap: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss / 2 ** 20, heap: usage.heapUsed / 2 ** 20 };
}

/** Tracks the peak RSS and heap seen by `sample()` calls, in MiB. */
export class PeakMemory {
  rss = 0;
  heap = 0;

  sample(): void {
    const usage = process.memoryUsage();
    this.rss = Math.max(this.rss, usage.rss / 2 ** 20);
    this.heap = Math.max(this.heap, usage.heapUsed / 2 ** 20);
  }
}
