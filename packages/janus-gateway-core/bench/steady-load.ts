import { Agent, request as httpRequest } from 'node:http';

/** What one steady-state load run measured. */
export interface SteadyResult {
  /** Streams started after the warm-up (measured). */
  measured: number;
  failed: number;
  errors: Record<string, number>;
  /** Time to first data event per measured stream, ms. */
  ttftMs: number[];
  /** Competitor send → client receive per sampled chunk, ms (shared clock). */
  chunkLatencyMs: number[];
  /** Request start → the competitor has the whole request, per measured stream, ms. */
  forwardMs: number[];
  /** The first event's competitor send → client receive, per measured stream, ms (same order as `ttftMs`). */
  firstBackMs: number[];
  /** Streams open (first byte seen) when each measured stream started. */
  openAtStart: number[];
  chunks: number;
  elapsedMs: number;
}

/** Wall clock in ms with sub-ms resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * Holds `concurrency` chat streams open against `url` for `durationMs`:
 * each of `concurrency` clients opens a stream, reads it to the end and at
 * once opens the next. Client starts are spread over one stream's duration,
 * so streams start and end at a steady rate instead of in waves; after
 * `warmupMs` every stream started is measured (TTFT, per-chunk latency).
 *
 * A lean `node:http` client (no Fetch, no JSON decoding: it finds event
 * boundaries and the `bench_t` stamp by byte search), so the load generator
 * takes as little of the shared CPU as it can.
 */
export function runSteadyLoad(options: {
  url: string;
  concurrency: number;
  chunks: number;
  paceMs: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
}): Promise<SteadyResult> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: Number.POSITIVE_INFINITY,
  });
  const target = new URL('/v1/chat/completions', options.url);
  const body = JSON.stringify({
    model: 'bench',
    stream: true,
    messages: [{ role: 'user', content: 'bench' }],
    bench: { chunks: options.chunks, pace_ms: options.paceMs },
  });
  const result: SteadyResult = {
    measured: 0,
    failed: 0,
    errors: {},
    ttftMs: [],
    chunkLatencyMs: [],
    forwardMs: [],
    firstBackMs: [],
    openAtStart: [],
    chunks: 0,
    elapsedMs: 0,
  };
  const startedAt = now();
  const measureFrom = startedAt + options.warmupMs;
  const stopAt = startedAt + options.warmupMs + options.durationMs;
  let open = 0;

  const one = () =>
    new Promise<void>(resolve => {
      const requestStart = now();
      const measured = requestStart >= measureFrom;
      if (measured) {
        result.measured++;
        result.openAtStart.push(open);
      }
      let events = 0;
      let first = true;
      let tail = '';
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        if (!first) open--;
        if (measured) {
          result.failed++;
          result.errors[reason] = (result.errors[reason] ?? 0) + 1;
        }
        request.destroy();
        resolve();
      };
      const timer = setTimeout(() => fail('timeout'), options.timeoutMs);
      const request = httpRequest(target, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.once('socket', socket => socket.setNoDelay(true));
      request.once('error', error => fail(error.message.slice(0, 60)));
      request.once('response', response => {
        if (response.statusCode !== 200) {
          response.resume();
          fail(`status ${response.statusCode}`);
          return;
        }
        response.setEncoding('latin1');
        response.on('data', (text: string) => {
          const at = now();
          text = tail + text;
          // Complete events only; keep a partial one for the next read.
          const end = text.lastIndexOf('\n\n');
          if (end === -1) {
            tail = text;
            return;
          }
          tail = text.slice(end + 2);
          for (
            let index = text.indexOf('data: {');
            index !== -1 && index < end;
            index = text.indexOf('data: {', index + 7)
          ) {
            if (first) {
              first = false;
              open++;
              if (measured) {
                result.ttftMs.push(at - requestStart);
                const arrived = text.indexOf('"bench_request_t":', index);
                if (arrived !== -1)
                  result.forwardMs.push(
                    Number.parseFloat(text.slice(arrived + 18, arrived + 48)) -
                      requestStart,
                  );
                const sent = text.indexOf('"bench_t":', index);
                if (sent !== -1)
                  result.firstBackMs.push(
                    at - Number.parseFloat(text.slice(sent + 10, sent + 40)),
                  );
              }
            }
            events++;
            if (measured && events % 4 === 1) {
              const stamp = text.indexOf('"bench_t":', index);
              if (stamp !== -1)
                result.chunkLatencyMs.push(
                  at - Number.parseFloat(text.slice(stamp + 10, stamp + 40)),
                );
            }
          }
        });
        response.once('end', () => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          if (!first) open--;
          if (events !== options.chunks) {
            if (measured) {
              result.failed++;
              const reason = `got ${events} of ${options.chunks} chunks`;
              result.errors[reason] = (result.errors[reason] ?? 0) + 1;
            }
          } else if (measured) result.chunks += events;
          resolve();
        });
        response.once('error', error => fail(error.message.slice(0, 60)));
      });
      request.end(body);
    });

  const streamMs = options.chunks * options.paceMs;
  const client = async (index: number) => {
    await new Promise(resolve =>
      setTimeout(resolve, (index / options.concurrency) * streamMs),
    );
    while (now() < stopAt) await one();
  };
  return Promise.all(
    Array.from({ length: options.concurrency }, (_, index) => client(index)),
  ).then(() => {
    agent.destroy();
    result.elapsedMs = now() - startedAt;
    return result;
  });
}
