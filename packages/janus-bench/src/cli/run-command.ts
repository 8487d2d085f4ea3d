import { writeFile } from 'node:fs/promises';
import { formatReport } from '../report/format-report';
import { renderHtmlReport } from '../report/render-html-report';
import { type RunBenchOptions, runBench } from '../runner/run-bench';
import { parseWeights } from '../scoring/composite';
import {
  type CliIo,
  parseFraction,
  parseInteger,
  parsePositive,
  parseTarget,
  UsageError,
  writeLine,
} from './cli-io';
import { formatProgressLine } from './format-progress-line';
import { createLiveView } from './ui/live-view';

/** Flags of `janus-bench run` as commander parses them. */
export interface RunFlags {
  target: string;
  suite: string;
  competitor?: string[];
  model?: string;
  concurrency?: string;
  rate?: string;
  arrival?: string;
  subset?: string;
  seed: string;
  timeout?: string;
  warmup?: string;
  maxTokens?: string;
  out?: string;
  html?: string;
  json?: boolean;
  apiKey?: string;
  weights?: string;
  sandyUrl?: string;
  sandyApiKey?: string;
  judgeUrl?: string;
  judgeModel?: string;
  judgeApiKey?: string;
  maxFailureRate?: string;
}

/** Turns `run` flags into {@link runBench} options. @throws UsageError */
export function toRunBenchOptions(flags: RunFlags, io: CliIo): RunBenchOptions {
  if (
    flags.arrival !== undefined &&
    flags.arrival !== 'poisson' &&
    flags.arrival !== 'constant'
  ) {
    throw new UsageError(
      `--arrival must be poisson or constant, got "${flags.arrival}"`,
    );
  }
  if (flags.judgeUrl && !flags.judgeModel)
    throw new UsageError('--judge-url needs --judge-model');
  let weights: RunBenchOptions['weights'];
  try {
    weights = flags.weights ? parseWeights(flags.weights) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    target: parseTarget(flags.target),
    suite: flags.suite,
    competitors: flags.competitor,
    model: flags.model,
    concurrency: parseInteger('concurrency', flags.concurrency),
    rate: parsePositive('rate', flags.rate),
    arrival: flags.arrival as RunBenchOptions['arrival'],
    subset: flags.subset,
    seed: flags.seed,
    timeoutMs: parsePositive('timeout', flags.timeout),
    warmup: parseInteger('warmup', flags.warmup, 0),
    maxTokens: parseInteger('max-tokens', flags.maxTokens),
    apiKey: flags.apiKey ?? io.env.JANUS_BENCH_API_KEY,
    weights,
    sandy: flags.sandyUrl
      ? {
          url: flags.sandyUrl,
          apiKey: flags.sandyApiKey ?? io.env.SANDY_API_KEY,
        }
      : undefined,
    judge: flags.judgeUrl
      ? {
          url: flags.judgeUrl,
          model: flags.judgeModel!,
          apiKey: flags.judgeApiKey ?? io.env.JANUS_BENCH_JUDGE_API_KEY,
        }
      : undefined,
    fetch: io.fetch,
  };
}

/**
 * `janus-bench run`: live ink view on a TTY, plain progress lines otherwise
 * (on stderr with `--json`, whose stdout is the report alone). Writes
 * `--out` JSON and `--html`. Returns the exit code: 0, or 1 when a
 * competitor's failure rate exceeds `--max-failure-rate`.
 */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const options = toRunBenchOptions(flags, io);
  const limit = parseFraction('max-failure-rate', flags.maxFailureRate);
  const live =
    io.isTTY && !flags.json
      ? createLiveView({ stdout: io.stdout as NodeJS.WriteStream })
      : undefined;
  const progress = flags.json ? io.stderr : io.stdout;
  let report: Awaited<ReturnType<typeof runBench>>;
  try {
    report = await runBench({
      ...options,
      onEvent: event => {
        if (live) return live.onEvent(event);
        const line = formatProgressLine(event);
        if (line) writeLine(progress, line);
      },
    });
  } finally {
    live?.close();
  }
  if (flags.out)
    await writeFile(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  if (flags.html) await writeFile(flags.html, renderHtmlReport(report));
  if (flags.json) writeLine(io.stdout, JSON.stringify(report));
  else {
    writeLine(io.stdout, '');
    writeLine(io.stdout, formatReport(report));
    if (flags.out) writeLine(io.stdout, `report: ${flags.out}`);
    if (flags.html) writeLine(io.stdout, `html: ${flags.html}`);
  }
  if (
    limit !== undefined &&
    report.competitors.some(result => result.metrics.failure_rate > limit)
  ) {
    writeLine(io.stderr, `failure rate above --max-failure-rate ${limit}`);
    return 1;
  }
  return 0;
}
