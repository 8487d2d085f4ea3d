import { checkBaseUrl } from '../internal/check-base-url';
import {
  checkNumberOption,
  MAX_TIMER_MS,
} from '../internal/check-number-option';

/** What a competitor's `health()` adds about Sandy (see {@link SandyMonitor.health}). A type, not an interface, so it fits `Partial<CompetitorHealth>`. */
export type SandyHealthFields = {
  /** `ok` when Sandy answers, else `degraded` (the fast path still works). */
  status: 'ok' | 'degraded';
  sandbox_available: boolean;
  /** Why Sandy is unavailable, when it is. */
  sandbox_error?: string;
};

/** Knows, cheaply, whether the Sandy service answers. */
export interface SandyMonitor {
  /** Whether Sandy answered its last `/health` probe (probes at most every `cacheMs`). */
  isAvailable(): Promise<boolean>;
  /** Records a failure seen elsewhere (e.g. sandbox creation refused), until the next probe. */
  markUnavailable(reason: string): void;
  /** Why Sandy was last found unavailable. */
  readonly lastError: string | undefined;
  /** Fields for the competitor's `health()` option: status, `sandbox_available`, `sandbox_error`. */
  health(): Promise<SandyHealthFields>;
}

/**
 * Probes `GET <sandy>/health` with a short timeout and caches the answer, so
 * `/health` and the agent path learn within a second that Sandy is gone,
 * without a probe per request. Reachability is the question: any status
 * below 500 counts as up (a hosted Sandy without `/health` answers 404).
 *
 * @param options.baseURL Sandy's origin (as for `createSandyClient`).
 * @param options.fetch HTTP client (default global `fetch`).
 * @param options.cacheMs How long an answer is reused, in ms (default 2000;
 *   0: a probe per call, one at a time).
 * @param options.timeoutMs Probe timeout (default 3000; whole ms, 1 to 2^31 - 1). A
 *   slower answer counts as down, and the agent path then answers "sandbox
 *   unavailable": keep it well above the /health latency of a busy Sandy.
 * @returns A {@link SandyMonitor}. Options are checked at once, as
 *   `createSandyClient` does: a `baseURL` that is not an absolute http(s)
 *   URL (or carries credentials, a query or a fragment), a `cacheMs` that is
 *   not a number ≥ 0 or a `timeoutMs` that is not a whole number from 1 to
 *   2^31 - 1 throws a `JanusError` (`invalid_request`) naming the option; a
 *   bad one used to surface only as a Sandy reported down (`AbortSignal.timeout`
 *   throws for `NaN` or a fraction, so every probe failed) or probed on
 *   every call.
 * @example
 * ```ts
 * const monitor = createSandyMonitor({ baseURL: 'http://127.0.0.1:8787' });
 * createCompetitor({ …, health: () => monitor.health() });
 * ```
 */
export function createSandyMonitor(options: {
  baseURL: string;
  fetch?: typeof globalThis.fetch;
  cacheMs?: number;
  timeoutMs?: number;
}): SandyMonitor {
  const owner = 'createSandyMonitor';
  const baseURL = checkBaseUrl({
    owner,
    name: 'baseURL',
    // No options at all: the same message as a missing baseURL.
    value: options?.baseURL,
  }).replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const cacheMs = checkNumberOption({
    owner,
    name: 'cacheMs',
    value: options.cacheMs,
    fallback: 2000,
    min: 0,
  });
  // 1 s used to be the default: a busy Sandy answering in 1.5 s was then
  // reported down and every agent prompt got "sandbox unavailable".
  const timeoutMs = checkNumberOption({
    owner,
    name: 'timeoutMs',
    value: options.timeoutMs,
    fallback: 3000,
    min: 1,
    max: MAX_TIMER_MS,
    // `AbortSignal.timeout` takes whole milliseconds only.
    integer: true,
  });
  let checkedAt = Number.NEGATIVE_INFINITY;
  let available = false;
  let lastError: string | undefined;
  let probing: Promise<boolean> | undefined;

  const probe = async (): Promise<boolean> => {
    try {
      const response = await fetchImpl(`${baseURL}/health`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      available = response.status < 500;
      lastError = available
        ? undefined
        : `Sandy /health answered HTTP ${response.status}`;
    } catch (error) {
      available = false;
      lastError =
        error instanceof Error && error.name === 'TimeoutError'
          ? `Sandy at ${baseURL} did not answer /health within ${timeoutMs} ms`
          : `Sandy at ${baseURL} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
    }
    checkedAt = performance.now();
    return available;
  };

  const monitor: SandyMonitor = {
    async isAvailable() {
      if (performance.now() - checkedAt < cacheMs) return available;
      probing ??= probe().finally(() => {
        probing = undefined;
      });
      return probing;
    },
    markUnavailable(reason) {
      available = false;
      lastError = reason;
      checkedAt = performance.now();
    },
    get lastError() {
      return lastError;
    },
    async health() {
      const up = await monitor.isAvailable();
      return {
        status: up ? 'ok' : 'degraded',
        sandbox_available: up,
        ...(!up && lastError && { sandbox_error: lastError }),
      };
    },
  };
  return monitor;
}
