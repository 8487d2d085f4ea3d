import { parseJsonEventStream } from '@janus/protocol';

/** What one bounded load run measured. */
export interface LoadResult {
  streams: number;
  failed: number;
  /** Failure reasons and their counts (first 60 characters). */
  errors: Record<string, number>;
  /** Time to first data event per stream, ms. */
  ttftMs: number[];
  /** Competitor send → client receive, per chunk, ms (sampled). */
  chunkLatencyMs: number[];
  chunks: number;
  elapsedMs: number;
  /** Most streams open (first event seen, not finished) at one time. */
  maxOpen: number;
}

/**
 * Opens `streams` chat streams against `url` with at most `concurrency` in
 * flight, each asking the synthetic competitor for `chunks` events `paceMs`
 * apart, and reads them with the protocol's SSE decoder. Bounded and
 * self-stopping: a fixed number of streams, and every stream is aborted at
 * `timeoutMs`. `rampMs` spreads the first `concurrency` starts over that
 * time. `openNow()` of the returned handle is a live gauge of open streams.
 */
export function startLoad(options: {
  url: string;
  streams: number;
  concurrency: number;
  chunks: number;
  paceMs: number;
  timeoutMs: number;
  rampMs?: number;
}): { done: Promise<LoadResult>; openNow: () => number } {
  const result: LoadResult = {
    streams: options.streams,
    failed: 0,
    errors: {},
    ttftMs: [],
    chunkLatencyMs: [],
    chunks: 0,
    elapsedMs: 0,
    maxOpen: 0,
  };
  const body = JSON.stringify({
    model: 'bench',
    stream: true,
    messages: [{ role: 'user', content: 'bench' }],
    bench: { chunks: options.chunks, pace_ms: options.paceMs },
  });
  let started = 0;
  let open = 0;
  const startedAt = performance.now();
  const one = async () => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const requestStart = performance.now();
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
        if (received === 0) {
          result.ttftMs.push(now - requestStart);
          open++;
          result.maxOpen = Math.max(result.maxOpen, open);
        }
        received++;
        if (received % 4 === 1)
          result.chunkLatencyMs.push(
            performance.timeOrigin + now - part.value.bench_t,
          );
      }
      if (received !== options.chunks)
        throw new Error(`got ${received} of ${options.chunks} chunks`);
      result.chunks += received;
    } catch (error) {
      result.failed++;
      const reason = (
        error instanceof Error ? error.message : String(error)
      ).slice(0, 60);
      result.errors[reason] = (result.errors[reason] ?? 0) + 1;
    } finally {
      if (received > 0) open--;
    }
  };
  const worker = async (index: number) => {
    const rampMs = options.rampMs ?? 0;
    if (rampMs > 0)
      await new Promise(resolve =>
        setTimeout(resolve, (index / options.concurrency) * rampMs),
      );
    while (started < options.streams) {
      started++;
      await one();
    }
  };
  const done = Promise.all(
    Array.from({ length: options.concurrency }, (_, index) => worker(index)),
  ).then(() => {
    result.elapsedMs = performance.now() - startedAt;
    return result;
  });
  return { done, openNow: () => open };
}

/** {@link startLoad}, awaited. */
export function runLoad(
  options: Parameters<typeof startLoad>[0],
): Promise<LoadResult> {
  return startLoad(options).done;
}

/** The `q` quantile (0..1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ]!;
}
