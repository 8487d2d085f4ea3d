import { readFile } from 'node:fs/promises';
import { JanusError, safeParseJsonWith } from '@janus/protocol';
import { listSuites } from '../datasets/list-suites';
import {
  type CompetitorComparison,
  compareReports,
  formatComparison,
} from '../report/compare-reports';
import { formatReport, formatTable } from '../report/format-report';
import { renderHtmlReport } from '../report/render-html-report';
import { type BenchReport, benchReportSchema } from '../report/report-schema';
import { type CliIo, writeLine } from './cli-io';
import { writeOutputFile } from './write-output-file';

/** Reads and validates a saved report. @throws JanusError naming the file */
export async function readReport(path: string): Promise<BenchReport> {
  const text = await readFile(path, 'utf8');
  const result = safeParseJsonWith({
    text,
    schema: benchReportSchema,
    subject: 'report',
  });
  if (!result.success)
    throw new JanusError({
      code: 'invalid_request',
      message: `${path}: ${result.error.message}`,
      cause: result.error,
    });
  return result.value;
}

/** `janus-bench list`: shipped suites with task counts per category. */
export async function listCommand(
  flags: { json?: boolean },
  io: CliIo,
): Promise<number> {
  const suites = await listSuites();
  if (flags.json) {
    writeLine(io.stdout, JSON.stringify(suites));
    return 0;
  }
  writeLine(
    io.stdout,
    formatTable([
      ['suite', 'tasks', 'categories'],
      ...suites.map(suite => [
        suite.name,
        String(suite.tasks),
        Object.entries(suite.categories)
          .map(([name, count]) => `${name} ${count}`)
          .join(', '),
      ]),
    ]),
  );
  writeLine(
    io.stdout,
    '\nPrivate suites: --suite ./path/to/suite(.jsonl) or --suite https://…/suite.jsonl (never bundled).',
  );
  return 0;
}

/**
 * `janus-bench show <report>`: re-renders a saved report (console or
 * `--json`), then writes `--html <file>`. Printed first, as `run` does: a
 * failed write (exit 1, a message on stderr) still shows the report.
 */
export async function showCommand(
  path: string,
  flags: { json?: boolean; html?: string },
  io: CliIo,
): Promise<number> {
  const report = await readReport(path);
  writeLine(
    io.stdout,
    flags.json ? JSON.stringify(report) : formatReport(report),
  );
  if (!flags.html) return 0;
  const written = await writeOutputFile({
    flag: '--html',
    label: 'html',
    path: flags.html,
    render: () => renderHtmlReport(report),
    json: flags.json === true,
    io,
  });
  return written ? 0 : 1;
}

/** `janus-bench compare <a> <b>`: side by side with deltas (`b - a`). */
export async function compareCommand(
  a: string,
  b: string,
  flags: { json?: boolean },
  io: CliIo,
): Promise<number> {
  const reports = { a: await readReport(a), b: await readReport(b) };
  const [left, right] = [taskSet(reports.a), taskSet(reports.b)];
  if (left !== right)
    writeLine(
      io.stderr,
      `warning: the reports did not run the same tasks (${left} vs ${right}): the deltas compare different work`,
    );
  writeLine(
    io.stdout,
    flags.json
      ? JSON.stringify(compareReports(reports).map(toComparisonJson))
      : formatComparison(reports),
  );
  return 0;
}

/** `compare --json` keys are snake_case, like the run report. */
function toComparisonJson(comparison: CompetitorComparison) {
  return {
    competitor: comparison.competitor,
    values: comparison.values.map(({ higherIsBetter, ...value }) => ({
      ...value,
      higher_is_better: higherIsBetter,
    })),
  };
}

/** What decides a run's tasks: suite, task count, subset and seed. */
function taskSet(report: BenchReport): string {
  const { suite, tasks, subset, seed } = report.run;
  return [
    suite,
    `${tasks} task${tasks === 1 ? '' : 's'}`,
    ...(subset === null ? [] : [`subset ${subset}`]),
    `seed ${seed}`,
  ].join(', ');
}
