import {
  formatConformanceReport,
  runConformance,
  toConformanceJson,
} from '../conformance/index';
import { type CliIo, parsePositive, parseTarget, writeLine } from './cli-io';

/** Flags of `janus-bench conformance`. */
export interface ConformanceFlags {
  target: string;
  apiKey?: string;
  model?: string;
  timeout?: string;
  json?: boolean;
}

/**
 * `janus-bench conformance`: runs the contract checks, prints the pass/fail
 * table (or, with `--json`, {@link toConformanceJson}: snake_case like the
 * run report) and returns 1 when any check failed.
 */
export async function conformanceCommand(
  flags: ConformanceFlags,
  io: CliIo,
): Promise<number> {
  const report = await runConformance({
    target: parseTarget(flags.target),
    apiKey: flags.apiKey ?? io.env.JANUS_BENCH_API_KEY,
    model: flags.model,
    timeoutMs: parsePositive('timeout', flags.timeout),
    fetch: io.fetch,
    onResult: flags.json
      ? undefined
      : result =>
          writeLine(io.stderr, `${result.status.padEnd(4)} ${result.id}`),
  });
  writeLine(
    io.stdout,
    flags.json
      ? JSON.stringify(toConformanceJson(report))
      : formatConformanceReport(report),
  );
  return report.passed ? 0 : 1;
}
