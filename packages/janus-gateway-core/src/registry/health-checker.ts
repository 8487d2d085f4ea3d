import {
  type CompetitorHealth,
  competitorHealthSchema,
  safeParseJsonWith,
} from '@janus/protocol';
import { z } from 'zod/v4';
import { describeErrorChain } from '../internal/describe-error-chain';
import { readBoundedText } from '../internal/read-limited-text';
import type { Logger } from '../observability/logger';
import type {
  CompetitorEntry,
  CompetitorRegistry,
} from './competitor-registry';

/** The largest `/health` answer read (64 KiB); a longer one is a failed check. */
const MAX_HEALTH_BYTES = 64 * 1024;

/**
 * `competitorHealthSchema`, except that a `name` or `description` that is
 * not a string is dropped instead of failing the whole answer: they are
 * labels for `/v1/models`, and a competitor that mislabels itself can still
 * serve.
 */
const healthAnswerSchema = competitorHealthSchema.extend({
  name: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
});

/**
 * Active health checks: every `intervalMs`, `GET <competitor>/health` for
 * each enabled competitor, with a per-check timeout. A 2xx whose body (at
 * most 64 KiB) is `competitorHealthSchema` JSON not saying `status: "down"`
 * is a success (a non-string `name` or `description` is ignored); anything
 * else a failure, whose `lastError` says why (with the cause chain of a
 * network error). The registry applies the failure and recovery thresholds.
 * `stop()` clears the timer and aborts checks in flight.
 *
 * Passive checks: {@link HealthChecker.reportRequestFailure} counts a chat
 * request that could not reach the competitor as one more failed check.
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

  /**
   * Counts a chat request whose connection to the competitor failed before
   * any answer (refused, unreachable, not opened within the connect timeout,
   * reset or closed; not a slow answer's timeout, an HTTP error or a client
   * that left: `fetchUpstream` decides) as one failed health check, under
   * the same thresholds as the active ones. Only while active checks run
   * (`intervalMs` > 0): they alone can mark the competitor healthy again.
   */
  reportRequestFailure(options: {
    id: string;
    error: unknown;
    requestId: string;
  }): void {
    if (this.options.intervalMs <= 0) return;
    const entry = this.options.registry.get(options.id);
    if (entry === undefined) return;
    this.record(entry, false, {
      error: `POST /v1/chat/completions failed: ${describeErrorChain(options.error)}`,
      log: { source: 'request', request_id: options.requestId },
    });
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
    ) => this.record(entry, ok, extra);
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (entry.config.apiKey)
        headers.authorization = `Bearer ${entry.config.apiKey}`;
      const response = await this.options.fetch(`${entry.config.url}/health`, {
        headers,
        signal: controller.signal,
        redirect: 'manual',
      });
      if (!response.ok) {
        response.body?.cancel().catch(() => {});
        record(false, { error: `GET /health answered ${response.status}` });
        return;
      }
      // Bounded: a competitor is operator-configured but runs its own code,
      // and a /health answer streaming gigabytes must not fill our memory.
      const { text, oversize } = await readBoundedText({
        body: response.body,
        maxBytes: MAX_HEALTH_BYTES,
      });
      // The read swallows errors; a timeout during it is still a timeout.
      if (controller.signal.aborted) throw controller.signal.reason;
      if (oversize) {
        record(false, {
          error: `GET /health answer is over ${MAX_HEALTH_BYTES / 1024} KiB`,
        });
        return;
      }
      const parsed = safeParseJsonWith({
        text,
        schema: healthAnswerSchema,
        subject: 'competitor health',
        code: 'invalid_response',
      });
      // A 2xx that is not a health answer (an HTML page of a proxy, a
      // catch-all route) says nothing about whether the competitor can
      // serve: a failed check, not a success that keeps stale details.
      if (!parsed.success) {
        record(false, {
          error: `GET /health: not a Janus competitor health answer: ${excerpt(text)}`,
        });
        return;
      }
      if (parsed.value.status === 'down') {
        record(false, { error: 'The competitor reports status "down"' });
        return;
      }
      record(true, { report: parsed.value });
    } catch (error) {
      const message = controller.signal.aborted
        ? `GET /health timed out after ${this.options.timeoutMs} ms`
        : `GET /health failed: ${describeErrorChain(error)}`;
      record(false, { error: message });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  /**
   * Records one observation in the registry (which applies the thresholds)
   * and logs `competitor.health` when the state changes.
   */
  private record(
    entry: CompetitorEntry,
    ok: boolean,
    extra: {
      error?: string;
      report?: CompetitorHealth;
      /** Extra fields of the `competitor.health` line (a passive check's request). */
      log?: Record<string, unknown>;
    },
  ): void {
    const before = entry.health;
    this.options.registry.recordHealth({
      id: entry.config.id,
      ok,
      failureThreshold: this.options.failureThreshold,
      recoveryThreshold: this.options.recoveryThreshold,
      error: extra.error,
      report: extra.report,
    });
    if (entry.health !== before) {
      this.options.logger.log({
        level: entry.health === 'unhealthy' ? 'warn' : 'info',
        msg: 'competitor.health',
        competitor: entry.config.id,
        health: entry.health,
        previous: before,
        error: entry.lastError,
        ...extra.log,
      });
    }
  }
}

/** The start of a body for an error message: one line, at most 80 characters. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
}
