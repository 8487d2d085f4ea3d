/** Knows, cheaply, whether the Sandy service answers. */
export interface SandyMonitor {
  /** Whether Sandy answered its last `/health` probe (probes at most every `cacheMs`). */
  isAvailable(): Promise<boolean>;
  /** Records a failure seen elsewhere (e.g. sandbox creation refused), until the next probe. */
  markUnavailable(reason: string): void;
  /** Why Sandy was last found unavailable. */
  readonly lastError: string | undefined;
}

/**
 * Probes `GET <sandy>/health` with a short timeout and caches the answer, so
 * `/health` and the agent path learn within a second that Sandy is gone,
 * without a probe per request.
 *
 * @param options.baseUrl Sandy's base URL.
 * @param options.fetch HTTP client (default global `fetch`).
 * @param options.cacheMs How long an answer is reused (default 2000).
 * @param options.timeoutMs Probe timeout (default 1000).
 * @returns A {@link SandyMonitor}.
 */
export function createSandyMonitor(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  cacheMs?: number;
  timeoutMs?: number;
}): SandyMonitor {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const cacheMs = options.cacheMs ?? 2000;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let available = false;
  let lastError: string | undefined;
  let probing: Promise<boolean> | undefined;

  const probe = async (): Promise<boolean> => {
    try {
      const response = await fetchImpl(`${options.baseUrl}/health`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 1000),
      });
      await response.body?.cancel();
      // Reachability is the question: a hosted Sandy without `/health`
      // (404) is up; only 5xx means it cannot serve.
      available = response.status < 500;
      lastError = available
        ? undefined
        : `Sandy /health answered HTTP ${response.status}`;
    } catch (error) {
      available = false;
      lastError = `Sandy at ${options.baseUrl} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
    }
    checkedAt = performance.now();
    return available;
  };

  return {
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
  };
}
