import { parseJsonEventStream } from '@janus/protocol';

/** What one bounded load run measured. */
export interface LoadResult {
  streams: number;
  failed: number;
  /** Time to first data event per stream, ms. */
  ttftMs: number[];
  /** Competitor send → client receive, per chunk, ms (sampled). */
  chunkLatencyMs: number[];
  chunks: number;
  elapsedMs: number;
}

/**
 * Opens `streams` chat streams against `url` with at most `concurrency` in
 * flight, each asking the synthetic competitor for `chunks` events `paceMs`
 * apart, and reads them with the protocol's SSE decoder. Bounded and
 * self-stopping: a fixed number of streams, and every stream is aborted at
 * `timeoutMs`. `onAllOpen` runs once `concurrency` streams have their first
 * event (used to sample RSS while they are all open).
 */
export async function runLoad(options: {
  url: string;
  streams: number;
  concurrency: number;
  chunks: number;
  paceMs: number;
  timeoutMs: number;
  onAllOpen?: () => Promise<void>;
}): Promise<LoadResult> {
  const result: LoadResult = {
    streams: options.streams,
    failed: 0,
    ttftMs: [],
    chunkLatencyMs: [],
    chunks: 0,
    elapsedMs: 0,
  };
  const body = JSON.stringify({
    model: 'bench',
    stream: true,
    messages: [{ role: 'user', content: 'bench' }],
    bench: { chunks: options.chunks, pace_ms: options.paceMs },
  });
  let started = 0;
  let open = 0;
  let allOpen: Promise<void> | undefined;
  const startedAt = performance.now();
  const one = async () => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const requestStart = performance.now();
    let first = true;
    let received = 0;
    try {
      const response = await fetch(`${options.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal,
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      for await (const part of parseJsonEventStream<{ bench_t: number }>(
        response,
      )) {
        if (part.type === 'error') throw part.error;
        if (part.type !== 'data') continue;
        const now = performance.now();
        if (first) {
          first = false;
          result.ttftMs.push(now - requestStart);
          open++;
          if (open === options.concurrency && options.onAllOpen)
            allOpen = options.onAllOpen();
        }
        received++;
        if (received % 4 === 1)
          result.chunkLatencyMs.push(now - part.value.bench_t);
      }
      if (received !== options.chunks)
        throw new Error(`got ${received} of ${options.chunks} chunks`);
      result.chunks += received;
    } catch {
      result.failed++;
    }
  };
  const worker = async () => {
    while (started < options.streams) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await allOpen;
  result.elapsedMs = performance.now() - startedAt;
  return result;
}

/** The `q` quantile (0..1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ]!;
}
