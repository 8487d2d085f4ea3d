import type { CompetitorRegistry } from '../registry/competitor-registry';

/** TTFT histogram bucket bounds, in seconds. */
const TTFT_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/**
 * The gateway's counters, rendered as Prometheus text (`GET /metrics`):
 *
 * - `janus_gateway_requests_total{competitor,status}` (counter)
 * - `janus_gateway_errors_total{competitor,code}` (counter)
 * - `janus_gateway_streams_in_flight{competitor}` (gauge)
 * - `janus_gateway_ttft_seconds{competitor}` (histogram; first data event)
 * - `janus_gateway_upstream_retries_total{competitor}` (counter)
 * - `janus_gateway_failovers_total{from,to}` (counter; default-routed
 *   requests sent on to another competitor because theirs was unreachable)
 *
 * and, given a `registry`, the health of each enabled competitor as the
 * registry holds it at render time:
 *
 * - `janus_gateway_competitor_up{competitor}` (gauge: 1 healthy, 0 unhealthy; no
 *   sample while its health is unknown)
 * - `janus_gateway_competitor_consecutive_failures{competitor}` (gauge)
 *
 * Per-process: with several replicas, scrape each one.
 */
export class GatewayMetrics {
  private readonly registry: Pick<CompetitorRegistry, 'enabled'> | undefined;
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private readonly failovers = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly ttft = new Map<
    string,
    { buckets: number[]; sum: number; count: number }
  >();
  /**
   * `competitor="<id>"`, escaped, per competitor id: every request counts
   * itself three or four times, and ids are few (the configured ones and
   * `none`), so each is escaped once.
   */
  private readonly competitorLabels = new Map<string, string>();

  /**
   * @param options.registry Where the competitors' health is read from
   *   (`createGateway` passes its own); without it, no health families.
   */
  constructor(
    options: { registry?: Pick<CompetitorRegistry, 'enabled'> } = {},
  ) {
    this.registry = options.registry;
  }

  /** Counts a finished request (status = the HTTP status sent). */
  countRequest(options: { competitor: string; status: number }): void {
    increment(
      this.requests,
      `${this.competitorLabel(options.competitor)},status="${options.status}"`,
    );
  }

  /** Counts an error by Janus error code. */
  countError(options: { competitor: string; code: string }): void {
    increment(this.errors, labels(options));
  }

  /** Counts a cold-start retry. */
  countRetry(competitor: string): void {
    increment(this.retries, this.competitorLabel(competitor));
  }

  /** Counts a failover from an unreachable competitor to another. */
  countFailover(options: { from: string; to: string }): void {
    increment(this.failovers, labels(options));
  }

  /** Adjusts the in-flight stream gauge by `delta` (+1 / -1). */
  trackStream(competitor: string, delta: number): void {
    increment(this.inFlight, this.competitorLabel(competitor), delta);
  }

  /** Observes one time-to-first-token, in milliseconds. */
  observeTtft(competitor: string, milliseconds: number): void {
    const key = this.competitorLabel(competitor);
    let histogram = this.ttft.get(key);
    if (histogram === undefined) {
      histogram = { buckets: TTFT_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.ttft.set(key, histogram);
    }
    const seconds = milliseconds / 1000;
    const { buckets } = histogram;
    for (let index = 0; index < TTFT_BUCKETS.length; index++)
      if (seconds <= TTFT_BUCKETS[index]!) buckets[index]! += 1;
    histogram.sum += seconds;
    histogram.count += 1;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  render(): string {
    const lines: string[] = [];
    const family = (
      name: string,
      type: string,
      help: string,
      values: Map<string, number>,
    ) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [key, value] of values) lines.push(`${name}{${key}} ${value}`);
    };
    family(
      'janus_gateway_requests_total',
      'counter',
      'Chat completion requests by competitor and HTTP status.',
      this.requests,
    );
    family(
      'janus_gateway_errors_total',
      'counter',
      'Errors by competitor and Janus error code.',
      this.errors,
    );
    family(
      'janus_gateway_streams_in_flight',
      'gauge',
      'SSE streams currently open.',
      this.inFlight,
    );
    family(
      'janus_gateway_upstream_retries_total',
      'counter',
      'Cold-start retries before the first byte.',
      this.retries,
    );
    family(
      'janus_gateway_failovers_total',
      'counter',
      'Default-routed requests sent on to another competitor because theirs could not be reached.',
      this.failovers,
    );
    lines.push(
      '# HELP janus_gateway_ttft_seconds Time from request to the first upstream data event.',
      '# TYPE janus_gateway_ttft_seconds histogram',
    );
    for (const [key, histogram] of this.ttft) {
      TTFT_BUCKETS.forEach((bound, index) => {
        lines.push(
          `janus_gateway_ttft_seconds_bucket{${key},le="${bound}"} ${histogram.buckets[index]}`,
        );
      });
      lines.push(
        `janus_gateway_ttft_seconds_bucket{${key},le="+Inf"} ${histogram.count}`,
      );
      lines.push(`janus_gateway_ttft_seconds_sum{${key}} ${histogram.sum}`);
      lines.push(`janus_gateway_ttft_seconds_count{${key}} ${histogram.count}`);
    }
    if (this.registry) {
      // Read at scrape time: the registry is the one source of health.
      const competitors = this.registry.enabled();
      const up = new Map<string, number>();
      const failures = new Map<string, number>();
      for (const entry of competitors) {
        const key = this.competitorLabel(entry.config.id);
        if (entry.health !== 'unknown')
          up.set(key, entry.health === 'healthy' ? 1 : 0);
        failures.set(key, entry.consecutiveFailures);
      }
      family(
        'janus_gateway_competitor_up',
        'gauge',
        'Whether the competitor is healthy (1) or marked unhealthy (0); no sample until its health is known.',
        up,
      );
      family(
        'janus_gateway_competitor_consecutive_failures',
        'gauge',
        'Failed health checks in a row (failed connections of chat requests included).',
        failures,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private competitorLabel(competitor: string): string {
    let label = this.competitorLabels.get(competitor);
    if (label === undefined) {
      label = labels({ competitor });
      this.competitorLabels.set(competitor, label);
    }
    return label;
  }
}

function increment(map: Map<string, number>, key: string, delta = 1): void {
  map.set(key, (map.get(key) ?? 0) + delta);
}

// Label values are escaped per the exposition format (\\, \", \n).
function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value.replace(/[\\"\n]/g, char => (char === '\n' ? '\\n' : `\\${char}`))}"`,
    )
    .join(',');
}
