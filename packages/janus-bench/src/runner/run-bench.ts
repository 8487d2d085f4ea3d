/**
 * The bench orchestrator: load → sample → (per competitor) warm up →
 * schedule requests → measure → score → aggregate → report. Longer than
 * most files on purpose: it is the one place that wires the run together.
 */
import { JanusError } from '@janus/protocol';
import { loadSuite } from '../datasets/load-suite';
import { sampleTasks } from '../datasets/sample-tasks';
import type { BenchTask } from '../datasets/task-schema';
import { PERCENTILE_METHOD } from '../metrics/summarize';
import {
  type BenchReport,
  REPORT_SCHEMA_VERSION,
  type TaskResult,
} from '../report/report-schema';
import { summarizeCompetitor } from '../report/summarize-competitor';
import type { Weights } from '../scoring/composite';
import { createLlmJudge } from '../scoring/quality/llm-judge';
import { createQualityScorer } from '../scoring/quality/quality-scorer';
import { createSandyCodeRunner } from '../scoring/quality/sandy-code-runner';
import { resolveWeights } from '../scoring/resolve-weights';
import type { Dimension } from '../scoring/score-detail';
import { defaultScorers, type Scorers, scoreTask } from '../scoring/score-task';
import { VERSION } from '../version';
import type { BenchEvent } from './bench-event';
import { buildRequestBody, chatCompletionsUrl } from './build-request-body';
import { markErrorAsContent } from './detect-error-as-content';
import { measureRequest } from './measure-request';
import { runNotes } from './run-notes';
import { MIN_RATE, MIN_RATE_TEXT, schedule } from './schedule';

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** Gateway or competitor base URL (`http://host:8000` or `…/v1`). */
  target: string;
  /** Suite name, path or URL (default `public/dev`); ignored when `tasks` is given. */
  suite?: string;
  /** Tasks to run instead of loading a suite. */
  tasks?: readonly BenchTask[];
  /** Competitor ids; each is sent as `model` and `competitor_id`. Several give a leaderboard. */
  competitors?: string[];
  /** `model` when no competitor is named (default `janus`). */
  model?: string;
  /** Closed-loop concurrency (default 1), or the in-flight cap with `rate`. */
  concurrency?: number;
  /** Open-loop request rate per second. */
  rate?: number;
  /** Arrival process for `rate` (default `poisson`). */
  arrival?: 'poisson' | 'constant';
  /** `K` tasks per category or `P%`. */
  subset?: number | string;
  /** Seed for subsets and arrivals (default 42). */
  seed?: string | number;
  /** Requests sent before measuring, excluded from every metric (default 0). */
  warmup?: number;
  /** Per-request time limit, ms (default 300 000). */
  timeoutMs?: number;
  apiKey?: string;
  /** `max_tokens` for tasks that set none. */
  maxTokens?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /**
   * Composite weights (default quality 40, speed 20, cost 15, streaming 15,
   * multimodal 10); a dimension left out keeps its default, as with
   * `--weights`. Each must be a finite number ≥ 0, at least one above 0.
   */
  weights?: Partial<Weights>;
  /** Replace any default scorer. */
  scorers?: Partial<Scorers>;
  /** Execute code tasks in this Sandy (otherwise they are "not executed"). */
  sandy?: { url: string; apiKey?: string };
  /** Optional LLM judge for tasks with a rubric. */
  judge?: { url: string; model: string; apiKey?: string };
  /** Progress events. */
  onEvent?: (event: BenchEvent) => void;
}

/**
 * Runs a bench and returns the report.
 *
 * @example
 * ```ts
 * const report = await runBench({ target: 'http://127.0.0.1:8000', suite: 'public/dev', concurrency: 4 });
 * console.log(report.leaderboard);
 * ```
 * @throws JanusError when the suite cannot be loaded or the options are invalid; request failures never throw (they are reported).
 */
export async function runBench(options: RunBenchOptions): Promise<BenchReport> {
  const { weights } = validateOptions(options);
  const startedAt = new Date();
  const runStart = performance.now();
  const runId = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  const suite = options.tasks ? 'custom' : (options.suite ?? 'public/dev');
  const seed = options.seed ?? 42;
  const allTasks =
    options.tasks ?? (await loadSuite({ suite, fetch: options.fetch }));
  const tasks = sampleTasks({ tasks: allTasks, subset: options.subset, seed });
  if (tasks.length === 0)
    throw new JanusError({
      code: 'invalid_request',
      message: `Suite ${suite} has no tasks`,
    });
  const scorers = buildScorers(options);
  const named = options.competitors?.length ? options.competitors : undefined;
  const competitors = named ?? [options.model ?? 'janus'];
  const emit = options.onEvent ?? (() => {});
  const url = chatCompletionsUrl(options.target);
  const timeoutMs = options.timeoutMs ?? 300_000;
  emit({
    type: 'run-start',
    run_id: runId,
    target: options.target,
    suite,
    competitors,
    tasks: tasks.length,
  });

  const results = [];
  for (const competitor of competitors) {
    const send = (task: BenchTask, label: string) =>
      measureRequest({
        url,
        body: buildRequestBody({
          task,
          model: options.model ?? 'janus',
          competitor: named ? competitor : undefined,
          maxTokens: options.maxTokens,
        }),
        apiKey: options.apiKey,
        timeoutMs,
        runStart,
        fetch: options.fetch,
        signal: options.signal,
        headers: {
          'x-request-id': requestId([runId, competitor, label, task.id]),
        },
      });
    const warmup = options.warmup ?? 0;
    if (warmup > 0) {
      const warmTasks = Array.from(
        { length: warmup },
        (_, index) => tasks[index % tasks.length]!,
      );
      await schedule({
        items: warmTasks,
        concurrency: options.concurrency ?? 1,
        run: async (task, index) => void (await send(task, `warmup-${index}`)),
        signal: options.signal,
      });
      emit({ type: 'warmup-end', competitor, requests: warmup });
    }
    const taskResults: TaskResult[] = new Array(tasks.length);
    const scoring: Promise<void>[] = [];
    let completed = 0;
    await schedule({
      items: tasks,
      concurrency: options.concurrency,
      rate: options.rate,
      arrival: options.arrival,
      seed,
      signal: options.signal,
      run: async (task, index) => {
        const measurement = markErrorAsContent({
          measurement: await send(task, String(index)),
          expected: task.expected,
        });
        // Scoring runs beside the load (a judge or sandbox call must not hold a worker).
        scoring.push(
          scoreTask({
            task,
            measurement,
            scorers,
            signal: options.signal,
          }).then(scores => {
            taskResults[index] = {
              task_id: task.id,
              category: task.category,
              measurement,
              scores,
            };
            completed++;
            emit({
              type: 'task-end',
              competitor,
              task_id: task.id,
              category: task.category,
              ok: measurement.ok,
              error: measurement.error,
              ttft_ms: measurement.ttft_ms,
              scores: scoreValues(scores),
              completed,
              total: tasks.length,
            });
          }),
        );
      },
    });
    await Promise.all(scoring);
    const result = summarizeCompetitor({
      competitor,
      tasks: taskResults.filter(Boolean),
      weights,
    });
    emit({
      type: 'competitor-end',
      competitor,
      composite: result.composite.score,
      components: result.composite.components,
      metrics: result.metrics,
    });
    results.push(result);
  }

  const leaderboard = [...results]
    .sort((a, b) => b.composite.score - a.composite.score)
    .map((result, index) => ({
      rank: index + 1,
      competitor: result.competitor,
      composite: result.composite.score,
      failure_rate: result.metrics.failure_rate,
    }));
  const report: BenchReport = {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: { name: '@janus/bench', version: VERSION },
    run: {
      id: runId,
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      duration_ms: performance.now() - runStart,
      target: options.target,
      suite,
      tasks: tasks.length,
      seed,
      subset: options.subset ?? null,
      concurrency:
        options.concurrency ?? (options.rate === undefined ? 1 : null),
      rate: options.rate ?? null,
      arrival:
        options.rate === undefined ? null : (options.arrival ?? 'poisson'),
      warmup: options.warmup ?? 0,
      timeout_ms: timeoutMs,
      percentile_method: PERCENTILE_METHOD,
      judge: options.judge
        ? { url: options.judge.url, model: options.judge.model }
        : null,
      sandy: options.sandy !== undefined,
      notes: runNotes({ sandy: options.sandy !== undefined, tasks, results }),
    },
    competitors: results,
    leaderboard,
  };
  emit({ type: 'run-end', report });
  return report;
}

/**
 * `bench-<run>-<competitor>-<index>-<task>` (warm-up: `…-warmup-<index>-…`),
 * unique per request of a run; characters a header cannot carry become `_`.
 */
function requestId(parts: string[]): string {
  return `bench-${parts.join('-')}`.replace(/[^\x21-\x7e]/g, '_');
}

function buildScorers(options: RunBenchOptions): Scorers {
  const quality = createQualityScorer({
    codeRunner: options.sandy
      ? createSandyCodeRunner({ ...options.sandy, fetch: options.fetch })
      : undefined,
    judge: options.judge
      ? createLlmJudge({ ...options.judge, fetch: options.fetch })
      : undefined,
  });
  return defaultScorers({ quality, ...options.scorers });
}

function scoreValues(
  scores: Record<Dimension, { score: number | null }>,
): Record<Dimension, number | null> {
  return {
    quality: scores.quality.score,
    speed: scores.speed.score,
    cost: scores.cost.score,
    streaming: scores.streaming.score,
    multimodal: scores.multimodal.score,
  };
}

/** @throws JanusError `invalid_request` naming the bad option */
function validateOptions(options: RunBenchOptions): { weights: Weights } {
  const invalid = (message: string) =>
    new JanusError({ code: 'invalid_request', message });
  const positive = (
    name: string,
    value: number | undefined,
    integer: boolean,
  ) => {
    if (value === undefined) return;
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      throw invalid(
        `${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`,
      );
  };
  positive('concurrency', options.concurrency, true);
  positive('rate', options.rate, false);
  positive('timeoutMs', options.timeoutMs, false);
  if (options.rate !== undefined && options.rate < MIN_RATE)
    throw invalid(
      `rate must be at least ${MIN_RATE_TEXT}, got ${options.rate}`,
    );
  if (
    options.warmup !== undefined &&
    !(Number.isInteger(options.warmup) && options.warmup >= 0)
  )
    throw invalid(
      `warmup must be a non-negative integer, got ${options.warmup}`,
    );
  try {
    new URL(chatCompletionsUrl(options.target));
  } catch {
    throw invalid(`Invalid target URL: ${options.target}`);
  }
  try {
    return { weights: resolveWeights(options.weights) };
  } catch (error) {
    throw invalid(`weights: ${(error as Error).message}`);
  }
}
