import { createSeededRandom } from '../internal/seeded-random';

/** Options of {@link schedule}. */
export interface ScheduleOptions<T> {
  items: readonly T[];
  /** Run one item; must not throw (failures are results). */
  run: (item: T, index: number) => Promise<void>;
  /** Closed loop: at most this many in flight (default 1; with `rate`, unlimited). */
  concurrency?: number;
  /** Open loop: requests per second; arrivals are precomputed from `seed`. */
  rate?: number;
  /** Inter-arrival distribution for `rate` (default `poisson`). */
  arrival?: 'poisson' | 'constant';
  seed?: string | number;
  signal?: AbortSignal;
  /** Test seam for waiting (must end early when `signal` aborts). @internal */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Arrival offsets (ms from the start) of `count` requests at `rate` per
 * second: exponential inter-arrival times (Poisson process) drawn from a
 * seeded generator, or a constant `1000 / rate` spacing. The first request
 * leaves at 0.
 */
export function arrivalOffsets(options: {
  count: number;
  rate: number;
  arrival?: 'poisson' | 'constant';
  seed?: string | number;
}): number[] {
  const { count, rate, arrival = 'poisson', seed = 42 } = options;
  if (!(rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
  const random = createSeededRandom(`${seed}:arrivals`);
  const offsets: number[] = [];
  let time = 0;
  for (let index = 0; index < count; index++) {
    offsets.push(time);
    const mean = 1000 / rate;
    time += arrival === 'constant' ? mean : -Math.log(1 - random()) * mean;
  }
  return offsets;
}

/**
 * The longest delay one `setTimeout` can wait (about 24.8 days); Node fires
 * a longer one after 1 ms (TimeoutOverflowWarning).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The lowest open-loop rate (requests per second) `runBench` and the CLI
 * accept: one request per {@link MAX_TIMER_MS} on average. Below it a rate
 * is a typo (`--rate 1e-9` is one request every 31 years), not a load.
 */
export const MIN_RATE = 1000 / MAX_TIMER_MS;

/** {@link MIN_RATE} in words, for error messages. */
export const MIN_RATE_TEXT = `${MIN_RATE.toPrecision(3)}/s (one request per ${(MAX_TIMER_MS / 86_400_000).toFixed(1)} days)`;

/**
 * Waits `ms`, or less: an abort ends the wait at once and clears the timer.
 * A wait beyond {@link MAX_TIMER_MS} (a long Poisson gap at a low rate) is
 * made of several timers rather than firing at once.
 */
const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    let left = ms;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', end);
      resolve();
    };
    const wait = () => {
      if (left <= 0) return end();
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      timer = setTimeout(wait, step);
    };
    signal?.addEventListener('abort', end, { once: true });
    wait();
  });

/**
 * Runs items closed-loop (N workers, each sends the next item when its
 * previous one finished) or open-loop (items leave at precomputed arrival
 * times, whether or not earlier ones finished; `concurrency`, if given,
 * still caps in-flight requests). Resolves when every started item is done.
 */
export async function schedule<T>(options: ScheduleOptions<T>): Promise<void> {
  const { items, run, signal } = options;
  if (options.rate === undefined) {
    const workers = Math.max(
      1,
      Math.min(options.concurrency ?? 1, items.length),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < items.length && !signal?.aborted) {
          const index = next++;
          await run(items[index]!, index);
        }
      }),
    );
    return;
  }
  const sleep = options.sleep ?? defaultSleep;
  const offsets = arrivalOffsets({
    count: items.length,
    rate: options.rate,
    arrival: options.arrival,
    seed: options.seed,
  });
  const limit = options.concurrency ?? Number.POSITIVE_INFINITY;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (const [index, item] of items.entries()) {
    if (signal?.aborted) break;
    const wait = offsets[index]! - (performance.now() - start);
    if (wait > 0) await sleep(wait, signal);
    while (inFlight.size >= limit) await Promise.race(inFlight);
    if (signal?.aborted) break;
    const promise = run(item, index).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  }
  await Promise.all(inFlight);
}
