import type {
  CompetitorHealth,
  CompetitorHealthState,
  LlmInfo,
} from '@janus/protocol';
import { JanusError } from '@janus/protocol';
import type { CompetitorConfig } from '../gateway/gateway-options';

/** A competitor as the registry holds it: config plus observed health. */
export interface CompetitorEntry {
  readonly config: CompetitorConfig & { name: string; enabled: boolean };
  /**
   * The name `/v1/models` and `/health` show: the configured `name`, else
   * the one the competitor's own `/health` last reported, else the id.
   */
  name: string;
  /** The configured `description`, else the one its `/health` last reported. */
  description?: string;
  /** `unknown` until the first check, then `healthy` / `unhealthy`. */
  health: CompetitorHealthState;
  /** What the competitor's own `/health` last said about its LLM. */
  llm?: LlmInfo;
  sandboxAvailable?: boolean;
  lastCheckedAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

/** How a competitor was chosen. */
export type RoutingReason = 'competitor_id' | 'model' | 'default';

/**
 * The competitors and their health, with the routing rule: explicit
 * `competitor_id` > `model` equal to a competitor id > the default. An
 * unknown or disabled explicit `competitor_id` is a 404 `model_not_found`,
 * never a silent substitute. The default is skipped for a healthy competitor
 * when it is marked unhealthy.
 */
export class CompetitorRegistry {
  private readonly entries = new Map<string, CompetitorEntry>();
  /** The competitors as configured (before defaults): config wins over reports. */
  private readonly configured = new Map<string, CompetitorConfig>();
  private readonly defaultId: string | undefined;
  /** Competitors that have been `healthy` at least once. */
  private readonly everHealthy = new Set<string>();

  constructor(options: {
    competitors: CompetitorConfig[];
    defaultCompetitor?: string;
  }) {
    for (const config of options.competitors) {
      this.configured.set(config.id, config);
      this.entries.set(config.id, {
        config: {
          ...config,
          url: config.url.replace(/\/+$/, ''),
          name: config.name ?? config.id,
          enabled: config.enabled ?? true,
        },
        name: config.name ?? config.id,
        ...(config.description !== undefined
          ? { description: config.description }
          : {}),
        health: 'unknown',
        consecutiveFailures: 0,
        consecutiveSuccesses: 0,
      });
    }
    this.defaultId =
      options.defaultCompetitor ?? this.enabled().at(0)?.config.id;
  }

  /** Every competitor, enabled or not, in configuration order. */
  all(): CompetitorEntry[] {
    return [...this.entries.values()];
  }

  /** Enabled competitors, in configuration order. */
  enabled(): CompetitorEntry[] {
    return this.all().filter(entry => entry.config.enabled);
  }

  /** The competitor with `id`, enabled or not. */
  get(id: string): CompetitorEntry | undefined {
    return this.entries.get(id);
  }

  /** The configured default competitor id. */
  get defaultCompetitorId(): string | undefined {
    return this.defaultId;
  }

  /**
   * Picks the competitor for a request. Throws `JanusError`
   * (`model_not_found`) for an unknown explicit id, or when nothing is enabled.
   */
  select(options: { competitorId?: unknown; model?: unknown }): {
    entry: CompetitorEntry;
    reason: RoutingReason;
  } {
    if (typeof options.competitorId === 'string') {
      const entry = this.entries.get(options.competitorId);
      if (entry === undefined || !entry.config.enabled) {
        throw new JanusError({
          message: `The competitor '${options.competitorId}' does not exist`,
          code: 'model_not_found',
          param: 'competitor_id',
        });
      }
      return { entry, reason: 'competitor_id' };
    }
    if (typeof options.model === 'string') {
      const entry = this.entries.get(options.model);
      if (entry?.config.enabled) return { entry, reason: 'model' };
    }
    const fallback = this.defaultId
      ? this.entries.get(this.defaultId)
      : undefined;
    if (fallback?.config.enabled && fallback.health !== 'unhealthy')
      return { entry: fallback, reason: 'default' };
    // The default is down (or disabled): prefer any competitor not known to be down.
    const entry =
      this.alternative() ??
      (fallback?.config.enabled ? fallback : this.enabled()[0]);
    if (entry === undefined) {
      throw new JanusError({
        message: 'No competitor is enabled',
        code: 'model_not_found',
        param: 'model',
      });
    }
    return { entry, reason: 'default' };
  }

  /**
   * An enabled competitor not known to be down and not in `excluding`: the
   * first healthy one in configuration order, else the first whose health
   * is unknown. Where default-routed requests go when their competitor is
   * down or cannot be reached.
   */
  alternative(excluding: readonly string[] = []): CompetitorEntry | undefined {
    const candidates = this.enabled().filter(
      entry => !excluding.includes(entry.config.id),
    );
    return (
      candidates.find(entry => entry.health === 'healthy') ??
      candidates.find(entry => entry.health === 'unknown')
    );
  }

  /**
   * Records one health observation and applies the thresholds: `unhealthy`
   * after `failureThreshold` consecutive failures, `healthy` again after
   * `recoveryThreshold` consecutive successes. A competitor that has never
   * been healthy (it never served) is not given that benefit of the doubt:
   * its first failure makes it `unhealthy` and its first success `healthy`.
   * Each successful answer replaces what the last one said (LLM, sandbox,
   * names).
   */
  recordHealth(options: {
    id: string;
    ok: boolean;
    report?: CompetitorHealth;
    error?: string;
    failureThreshold: number;
    recoveryThreshold: number;
  }): void {
    const entry = this.entries.get(options.id);
    if (entry === undefined) return;
    entry.lastCheckedAt = new Date().toISOString();
    const served = this.everHealthy.has(options.id);
    if (options.ok) {
      entry.consecutiveFailures = 0;
      entry.consecutiveSuccesses++;
      entry.lastError = undefined;
      if (options.report) {
        if (options.report.llm) entry.llm = options.report.llm;
        else delete entry.llm;
        if (options.report.sandbox_available !== undefined)
          entry.sandboxAvailable = options.report.sandbox_available;
        else delete entry.sandboxAvailable;
        this.applyReportedNames(entry, options.report);
      }
      if (!served || entry.consecutiveSuccesses >= options.recoveryThreshold) {
        entry.health = 'healthy';
        this.everHealthy.add(options.id);
      }
    } else {
      entry.consecutiveSuccesses = 0;
      entry.consecutiveFailures++;
      entry.lastError = options.error;
      if (!served || entry.consecutiveFailures >= options.failureThreshold)
        entry.health = 'unhealthy';
    }
  }

  /**
   * Name and description from a competitor's `/health` answer (the kit
   * reports `name`; `description` is read when present), for what the
   * configuration leaves unset. Each answer replaces the last one's.
   */
  private applyReportedNames(
    entry: CompetitorEntry,
    report: CompetitorHealth,
  ): void {
    const config = this.configured.get(entry.config.id);
    entry.name =
      config?.name ?? displayText(report.name, 200) ?? entry.config.id;
    const description =
      config?.description ?? displayText(report.description, 2000);
    if (description === undefined) delete entry.description;
    else entry.description = description;
  }
}

/**
 * A competitor-reported label, if it is safe to show as it is: a string of
 * one line (no control characters) with some text, at most `maxLength`
 * characters. A competitor is configured by the operator but runs its own
 * code; anything else is ignored rather than cleaned up.
 */
function displayText(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > maxLength || /\p{Cc}/u.test(text))
    return undefined;
  return text;
}
