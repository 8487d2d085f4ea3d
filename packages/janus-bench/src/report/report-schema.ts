import { z } from 'zod/v4';

/**
 * The report format version; bumped on any incompatible change (a field
 * removed, renamed or retyped). Adding a field, or a value to an enum-like
 * field (`error.kind`, `tokens_source`, `run.arrival`), is not one: readers
 * accept both (see `savedBenchReportSchema`).
 */
export const REPORT_SCHEMA_VERSION = 1;

const summarySchema = z.object({
  count: z.number(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  std: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

const dimensionRecord = <T extends z.ZodType>(value: T) =>
  z.object({
    quality: value,
    speed: value,
    cost: value,
    streaming: value,
    multimodal: value,
  });

/** A score with its formula and raw inputs. */
export const scoreDetailSchema = z.object({
  score: z.number().nullable(),
  formula: z.string(),
  inputs: z.record(z.string(), z.unknown()),
});

/** One request's measurements (see `RequestMeasurement`). */
export const requestMeasurementSchema = z.object({
  ok: z.boolean(),
  error: z
    .object({
      kind: z.enum([
        'http_error',
        'connect_error',
        'timeout',
        'stream_error',
        'invalid_response',
        'unexpected_end',
        'empty_response',
        'error_as_content',
        'aborted',
      ]),
      message: z.string(),
      status: z.number().nullable(),
    })
    .nullable(),
  http_status: z.number().nullable(),
  started_at: z.string(),
  start_offset_ms: z.number(),
  ttft_ms: z.number().nullable(),
  ttfct_ms: z.number().nullable(),
  e2e_ms: z.number().nullable(),
  close_ms: z.number().nullable(),
  tpot_ms: z.number().nullable(),
  token_gaps_ms: z.array(z.number()),
  event_gaps_ms: z.array(z.number()),
  max_event_gap_ms: z.number(),
  data_events: z.number(),
  token_events: z.number(),
  keep_alives: z.number(),
  output_tokens: z.number(),
  tokens_source: z.enum(['usage', 'estimated']),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number(),
      cost_usd: z.number().nullable(),
      sandbox_seconds: z.number().nullable(),
    })
    .nullable(),
  done: z.boolean(),
  content: z.string(),
  reasoning: z.string(),
  tool_calls: z.array(
    z.object({
      id: z.string().nullable(),
      name: z.string(),
      arguments: z.string(),
    }),
  ),
  finish_reason: z.string().nullable(),
});

/** One task's result for one competitor. */
export const taskResultSchema = z.object({
  task_id: z.string(),
  category: z.string(),
  measurement: requestMeasurementSchema,
  scores: dimensionRecord(scoreDetailSchema),
});

/** Aggregated metrics (see `AggregateMetrics`). */
export const aggregateMetricsSchema = z.object({
  requests: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  failure_rate: z.number(),
  error_kinds: z.record(z.string(), z.number()),
  errors: z.array(
    z.object({ task_id: z.string(), kind: z.string(), message: z.string() }),
  ),
  ttft_ms: summarySchema,
  ttfct_ms: summarySchema,
  e2e_ms: summarySchema,
  tpot_ms: summarySchema,
  itl_ms: summarySchema,
  event_gap_ms: summarySchema,
  max_event_gap_ms: z.number(),
  continuity: z.number(),
  prompt_tokens: z.number(),
  output_tokens: z.number(),
  tokens_source: z.object({ usage: z.number(), estimated: z.number() }),
  duration_ms: z.number(),
  output_tokens_per_second: z.number(),
  requests_per_second: z.number(),
  peak_concurrency: z.number(),
  cost: z.object({
    cost_usd: z.number().nullable(),
    sandbox_seconds: z.number(),
    total_tokens: z.number(),
    usd_per_1m_tokens: z.number().nullable(),
  }),
});

/** The composite with its inputs. */
export const compositeScoreSchema = z.object({
  score: z.number(),
  components: dimensionRecord(z.number().nullable()),
  weights: dimensionRecord(z.number()),
  effective_weights: dimensionRecord(z.number()),
  formula: z.string(),
});

/** Per-category means (0–1) for one competitor. */
export const categoryScoresSchema = z.object({
  tasks: z.number(),
  failed: z.number(),
  scores: dimensionRecord(z.number().nullable()),
});

/** Everything measured and scored for one competitor. */
export const competitorResultSchema = z.object({
  competitor: z.string(),
  composite: compositeScoreSchema,
  metrics: aggregateMetricsSchema,
  categories: z.record(z.string(), categoryScoresSchema),
  tasks: z.array(taskResultSchema),
});

/**
 * The JSON report written by `janus-bench run --out` and returned by
 * `runBench`: exactly what this version writes, enum values included. Read
 * saved reports with `parseBenchReport` (or `savedBenchReportSchema`), which
 * also accept what a newer writer of the same `schema_version` may add.
 */
export const benchReportSchema = z.object({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  run: z.object({
    id: z.string(),
    started_at: z.string(),
    finished_at: z.string(),
    duration_ms: z.number(),
    target: z.string(),
    suite: z.string(),
    tasks: z.number(),
    seed: z.union([z.string(), z.number()]),
    subset: z.union([z.string(), z.number()]).nullable(),
    concurrency: z.number().nullable(),
    rate: z.number().nullable(),
    arrival: z.enum(['poisson', 'constant']).nullable(),
    warmup: z.number(),
    timeout_ms: z.number(),
    percentile_method: z.string(),
    judge: z.object({ url: z.string(), model: z.string() }).nullable(),
    sandy: z.boolean(),
    notes: z.array(z.string()),
  }),
  competitors: z.array(competitorResultSchema),
  leaderboard: z.array(
    z.object({
      rank: z.number(),
      competitor: z.string(),
      composite: z.number(),
      failure_rate: z.number(),
    }),
  ),
});
/**
 * A measurement as read from a saved report: the enum-like fields take any
 * string, since a newer writer may add values (`error.kind` gained
 * `error_as_content`); readers show them as they are.
 */
const savedMeasurementSchema = requestMeasurementSchema.extend({
  error: requestMeasurementSchema.shape.error
    .unwrap()
    .extend({ kind: z.string() })
    .nullable(),
  tokens_source: z.string(),
});

/**
 * A saved report as a reader accepts it: `benchReportSchema` with open
 * enum-like fields (`error.kind`, `tokens_source`, `run.arrival`). Unknown
 * fields pass validation; `parseBenchReport` keeps them. A report of another
 * `schema_version` fails (`parseBenchReport` says when it is newer).
 */
export const savedBenchReportSchema = benchReportSchema.extend({
  run: benchReportSchema.shape.run.extend({
    arrival: z.string().nullable(),
  }),
  competitors: z.array(
    competitorResultSchema.extend({
      tasks: z.array(
        taskResultSchema.extend({ measurement: savedMeasurementSchema }),
      ),
    }),
  ),
});

/** A bench report. */
export type BenchReport = z.infer<typeof benchReportSchema>;
/** One competitor's part of a report. */
export type CompetitorResult = z.infer<typeof competitorResultSchema>;
/** One task's result. */
export type TaskResult = z.infer<typeof taskResultSchema>;
/**
 * A report as read from a file: a `BenchReport` whose enum-like fields may
 * hold values this version does not know. Every `BenchReport` is one.
 */
export type SavedBenchReport = z.infer<typeof savedBenchReportSchema>;
