/** The outcome of one {@link RateLimitStore.consume} call. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Tokens left after this call. */
  remaining: number;
  /** When not allowed: how long until one token is available. */
  retryAfterMs: number;
  /**
   * The most requests the key can have at once (a bucket's capacity, a
   * window's quota). Optional: with it, the gateway's answers carry OpenAI's
   * `x-ratelimit-limit-requests` and `x-ratelimit-remaining-requests`;
   * without it, no `x-ratelimit-*` header at all.
   */
  limit?: number;
  /**
   * How long until the key is back at `limit` if it makes no more requests
   * (a bucket full again, a window's end): OpenAI's
   * `x-ratelimit-reset-requests`, sent when this is finite (and `limit` set).
   */
  resetAfterMs?: number;
}

/**
 * Counts requests per key. Implementations must make `consume` atomic
 * (check and take in one step), so concurrent requests cannot overrun the
 * limit (the race LiteLLM #18730 describes). A Redis store would do it in one
 * Lua script, returning `limit` and `resetAfterMs` with the decision if it
 * wants the gateway to send the `x-ratelimit-*` headers.
 */
export interface RateLimitStore {
  consume(options: { key: string; cost?: number }): Promise<RateLimitDecision>;
}

/**
 * A token bucket per key, in memory: `capacity` tokens, refilled at
 * `refillPerSecond`. Check-and-take happens synchronously, so it is atomic in
 * a single-threaded runtime. Idle full buckets are dropped to bound memory.
 *
 * @example
 * ```ts
 * const rateLimit = { store: new InMemoryRateLimitStore({ capacity: 60, refillPerSecond: 1 }) };
 * ```
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly refillPerSecond: number;
  private readonly now: () => number;

  /**
   * @param options.capacity Burst size (tokens when full).
   * @param options.refillPerSecond Sustained rate.
   * @param options._internal.now Clock injection for tests.
   */
  constructor(options: {
    capacity: number;
    refillPerSecond: number;
    _internal?: { now?: () => number };
  }) {
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.now = options._internal?.now ?? Date.now;
  }

  async consume(options: {
    key: string;
    cost?: number;
  }): Promise<RateLimitDecision> {
    const cost = options.cost ?? 1;
    const now = this.now();
    const bucket = this.buckets.get(options.key) ?? {
      tokens: this.capacity,
      at: now,
    };
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + elapsedSeconds * this.refillPerSecond,
    );
    bucket.at = now;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      this.buckets.set(options.key, bucket);
      this.sweep(now);
      return {
        allowed: true,
        remaining: Math.floor(bucket.tokens),
        retryAfterMs: 0,
        limit: this.capacity,
        resetAfterMs: this.msToRefill(this.capacity - bucket.tokens),
      };
    }
    this.buckets.set(options.key, bucket);
    return {
      allowed: false,
      remaining: 0,
      retryAfterMs: this.msToRefill(cost - bucket.tokens),
      limit: this.capacity,
      resetAfterMs: this.msToRefill(this.capacity - bucket.tokens),
    };
  }

  /**
   * How long the bucket takes to gain `tokens`, rounded up to a millisecond
   * (after dropping float noise: 11 tokens at 11/60 per second come out as
   * 60000.00000000001 ms, which is 60 s, not 60.001 s).
   */
  private msToRefill(tokens: number): number {
    if (tokens <= 0) return 0;
    if (this.refillPerSecond <= 0) return Number.POSITIVE_INFINITY;
    return Math.max(
      0,
      Math.ceil((tokens / this.refillPerSecond) * 1000 - 1e-6),
    );
  }

  // Buckets that would be full again carry no state; forget them now and then.
  private sweep(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, bucket] of this.buckets) {
      const refilled =
        bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond;
      if (refilled >= this.capacity) this.buckets.delete(key);
    }
  }
}
