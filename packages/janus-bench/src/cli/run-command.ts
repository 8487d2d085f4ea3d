import { plural } from '../internal/plural';
import { formatReport } from '../report/format-report';
import { renderHtmlReport } from '../report/render-html-report';
import type { BenchReport } from '../report/report-schema';
import { type RunBenchOptions, runBench } from '../runner/run-bench';
import { allFailedMessage } from '../runner/run-notes';
import { MIN_RATE, MIN_RATE_TEXT } from '../runner/schedule';
import { parseWeights } from '../scoring/parse-weights';
import { checkSandyHealth } from './check-sandy-health';
import { checkWritable } from './check-writable';
import {
  type CliIo,
  parseFraction,
  parseHttpUrl,
  parseInteger,
  parsePositive,
  parseTarget,
  UsageError,
  writeLine,
  writeLineFully,
} from './cli-io';
import { formatProgressLine } from './format-progress-line';
import { writeOutputFile } from './write-output-file';

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
  if (flags.judgeModel && !flags.judgeUrl)
    throw new UsageError('--judge-model needs --judge-url');
  // Without --rate the run is closed-loop: an arrival process would be ignored.
  if (flags.arrival !== undefined && flags.rate === undefined)
    throw new UsageError('--arrival needs --rate (open-loop arrivals)');
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
    rate: parseRate(flags.rate),
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
          url: parseHttpUrl('sandy-url', flags.sandyUrl),
          apiKey: flags.sandyApiKey ?? io.env.SANDY_API_KEY,
        }
      : undefined,
    judge: flags.judgeUrl
      ? {
          url: parseHttpUrl('judge-url', flags.judgeUrl),
          model: flags.judgeModel!,
          apiKey: flags.judgeApiKey ?? io.env.JANUS_BENCH_JUDGE_API_KEY,
        }
      : undefined,
    fetch: io.fetch,
  };
}

/** `--rate`: a number ≥ {@link MIN_RATE}. @throws UsageError */
function parseRate(value: string | undefined): number | undefined {
  const rate = parsePositive('rate', value);
  if (rate !== undefined && rate < MIN_RATE)
    throw new UsageError(
      `--rate must be at least ${MIN_RATE_TEXT}, got "${value}"`,
    );
  return rate;
}

/**
 * `janus-bench run`: live ink view on a TTY, plain progress lines otherwise
 * (on stderr with `--json`, whose stdout is the report alone). Checks the
 * Sandy and the `--out`/`--html` paths before sending anything, prints the
 * report, then writes the files. Returns the exit code: 0, or 1 when a
 * competitor's failure rate exceeds `--max-failure-rate` (without the flag:
 * when a competitor failed every request), a file could not be written, or
 * stdout closed before the `--json` report was printed.
 */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const options = toRunBenchOptions(flags, io);
  const limit = parseFraction('max-failure-rate', flags.maxFailureRate);
  if (flags.out) await checkWritable({ flag: '--out', path: flags.out });
  if (flags.html) await checkWritable({ flag: '--html', path: flags.html });
  if (options.sandy)
    await checkSandyHealth({ url: options.sandy.url, fetch: io.fetch });
  // Loaded only for a terminal: ink (through yoga-layout) has a top-level
  // await, which would keep `require('@janus/bench')` from loading at all.
  const live =
    io.isTTY && !flags.json
      ? (await import('./ui/live-view')).createLiveView({
          stdout: io.stdout as NodeJS.WriteStream,
        })
      : undefined;
  const progress = flags.json ? io.stderr : io.stdout;
  let report: BenchReport;
  try {
    report = await runBench({
      ...options,
      signal: io.interrupt,
      onEvent: event => {
        if (live) return live.onEvent(event);
        const line = formatProgressLine(event);
        if (line) writeLine(progress, line);
      },
    });
  } finally {
    live?.close();
  }
  const interrupted = io.interrupt?.aborted === true;
  if (interrupted) {
    const done = Math.max(
      0,
      ...report.competitors.map(result => result.tasks.length),
    );
    report.run.notes.push(
      `Interrupted (Ctrl-C) after ${done} of ${plural(report.run.tasks, 'task')}: the rest never ran, and requests in flight were aborted and count as failed.`,
    );
  }
  // The report is printed first: a failed file write must not lose a run.
  let printed = true;
  if (flags.json)
    printed = await writeLineFully(io.stdout, JSON.stringify(report));
  else {
    writeLine(io.stdout, '');
    writeLine(io.stdout, formatReport(report));
  }
  const written = await writeReportFiles(flags, report, io);
  // With --json, stdout is the report: a reader that went away before it
  // (`| false`) lost the run's result, which is a failure. Without --json,
  // `| head` chose to read less, and the run's own code stands.
  if (!printed)
    writeLine(
      io.stderr,
      `janus-bench: --json: stdout was closed before the report was printed${flags.out && written ? `; it is in ${flags.out}` : ''}`,
    );
  // A competitor that failed every request was not measured at all: without
  // `--max-failure-rate` that fails the run (`--max-failure-rate 1` accepts it).
  let allFailed = false;
  for (const result of report.competitors) {
    const message = allFailedMessage(result);
    if (!message) continue;
    const fatal = limit === undefined;
    allFailed ||= fatal;
    writeLine(
      io.stderr,
      `${fatal ? 'error' : 'warning'}: ${lowerFirst(message)}${fatal ? ' (--max-failure-rate 1 accepts it)' : ''}`,
    );
  }
  const overLimit =
    limit === undefined
      ? []
      : report.competitors.filter(
          result => result.metrics.failure_rate > limit,
        );
  for (const { competitor, metrics } of overLimit) {
    writeLine(
      io.stderr,
      `${competitor} failed ${(metrics.failure_rate * 100).toFixed(1)}% of its requests (${metrics.failed}/${metrics.requests}), above --max-failure-rate ${limit}`,
    );
  }
  // 130: the shell's code for a run ended by SIGINT, after the report.
  if (interrupted) return 130;
  if (overLimit.length > 0 || allFailed) return 1;
  return written && printed ? 0 : 1;
}

/** Writes `--out` and `--html`; false (with a message on stderr) when one failed. */
async function writeReportFiles(
  flags: RunFlags,
  report: BenchReport,
  io: CliIo,
): Promise<boolean> {
  const files = [
    {
      flag: '--out',
      label: 'report',
      path: flags.out,
      render: () => `${JSON.stringify(report, null, 2)}\n`,
    },
    {
      flag: '--html',
      label: 'html',
      path: flags.html,
      render: () => renderHtmlReport(report),
    },
  ];
  let written = true;
  for (const { path, ...file } of files) {
    if (!path) continue;
    const ok = await writeOutputFile({
      ...file,
      path,
      json: flags.json === true,
      io,
    });
    written &&= ok;
  }
  return written;
}

const lowerFirst = (text: string) =>
  text.charAt(0).toLowerCase() + text.slice(1);
