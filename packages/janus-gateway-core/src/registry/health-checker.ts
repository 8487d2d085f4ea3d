import {
  type CompetitorHealth,
  competitorHealthSchema,
  safeParseJsonWith,
} from '@janus/protocol';
import type { Logger } from '../observability/logger';
import type {
  CompetitorEntry,
  CompetitorRegistry,
} from './competitor-registry';

/**
 * Active health checks: every `intervalMs`, `GET <competitor>/health` for
 * each enabled competitor, with a per-check timeout. A 2xx whose body is not
 * `status: "down"` is a success; the registry applies the failure and recovery
 * thresholds. `stop()` clears the timer and aborts checks in flight.
 *
 * @internal Created by `createGateway`; reach it through `gateway.registry`.
 */
export class HealthChecker {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly inFlight = new Set<AbortController>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      registry: CompetitorRegistry;
      fetch: typeof globalThis.fetch;
      logger: Logger;
      intervalMs: number;
      timeoutMs: number;
      failureThreshold: number;
      recoveryThreshold: number;
    },
  ) {}

  /** Starts the periodic checks (first round at once); no-op when `intervalMs` is 0. */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer !== undefined) return;
    void this.checkAll();
    this.timer = setInterval(
      () => void this.checkAll(),
      this.options.intervalMs,
    );
    // Never keep a Node process alive just for health checks.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Stops the timer and aborts checks in flight. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const controller of this.inFlight) controller.abort();
  }

  /** Runs one round now (rounds never overlap); resolves when it is done. */
  checkAll(): Promise<void> {
    this.running ??= Promise.all(
      this.options.registry.enabled().map(entry => this.check(entry)),
    ).then(
      () => {
        this.running = undefined;
      },
      () => {
        this.running = undefined;
      },
    );
    return this.running;
  }

  private async check(entry: CompetitorEntry): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const record = (
      ok: boolean,
      extra: { error?: string; report?: CompetitorHealth },
    ) => {
      const before = entry.health;
      this.options.registry.recordHealth({
        id: entry.config.id,
        ok,
        failureThreshold: this.options.failureThreshold,
        recoveryThreshold: this.options.recoveryThreshold,
        ...extra,
      });
      if (entry.health !== before) {
        this.options.logger.log({
          level: entry.health === 'unhealthy' ? 'warn' : 'info',
          msg: 'competitor.health',
          competitor: entry.config.id,
          health: entry.health,
          previous: before,
          error: entry.lastError,
        });
      }
    };
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (entry.config.apiKey)
        headers.authorization = `Bearer ${entry.config.apiKey}`;
      const response = await this.options.fetch(`${entry.config.url}/health`, {
        headers,
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await response.text();
      if (!response.ok) {
        record(false, { error: `GET /health answered ${response.status}` });
        return;
      }
      const parsed = safeParseJsonWith({
        text,
        schema: competitorHealthSchema,
        subject: 'competitor health',
        code: 'invalid_response',
      });
      if (parsed.success && parsed.value.status === 'down') {
        record(false, { error: 'The competitor reports status "down"' });
        return;
      }
      record(true, parsed.success ? { report: parsed.value } : {});
    } catch (error) {
      const message = controller.signal.aborted
        ? `GET /health timed out after ${this.options.timeoutMs} ms`
        : `GET /health failed: ${error instanceof Error ? error.message : String(error)}`;
      record(false, { error: message });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}
