import { readFile, writeFile } from 'node:fs/promises';
import { JanusError, safeParseJsonWith } from '@janus/protocol';
import { listSuites } from '../datasets/list-suites';
import { compareReports, formatComparison } from '../report/compare-reports';
import { formatReport, formatTable } from '../report/format-report';
import { renderHtmlReport } from '../report/render-html-report';
import { type BenchReport, benchReportSchema } from '../report/report-schema';
import { type CliIo, writeLine } from './cli-io';

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

/** `janus-bench show <report>`: re-renders a saved report (console, `--json`, or `--html <file>`). */
export async function showCommand(
  path: string,
  flags: { json?: boolean; html?: string },
  io: CliIo,
): Promise<number> {
  const report = await readReport(path);
  if (flags.html) await writeFile(flags.html, renderHtmlReport(report));
  writeLine(
    io.stdout,
    flags.json ? JSON.stringify(report) : formatReport(report),
  );
  return 0;
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
      ? JSON.stringify(compareReports(reports))
      : formatComparison(reports),
  );
  return 0;
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
