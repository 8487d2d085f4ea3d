import { readFile } from 'node:fs/promises';
import { JanusError } from '@janus/protocol';
import { listSuites } from '../datasets/list-suites';
import { plural } from '../internal/plural';
import {
  type CompetitorComparison,
  compareReports,
  formatComparison,
  noCommonCompetitor,
} from '../report/compare-reports';
import { formatReport, formatTable } from '../report/format-report';
import { parseBenchReport } from '../report/parse-bench-report';
import { renderHtmlReport } from '../report/render-html-report';
import type { SavedBenchReport } from '../report/report-schema';
import { checkWritable } from './check-writable';
import { type CliIo, writeLine } from './cli-io';
import { writeOutputFile } from './write-output-file';

/**
 * Reads and validates a saved report (see `parseBenchReport`: values and
 * fields of a newer writer are accepted, a newer `schema_version` is not).
 *
 * @throws JanusError naming the file and the reason: it cannot be read (a
 * directory, missing), is not JSON (with the parser's reason, e.g. the
 * position), has a newer `schema_version`, or is not a report.
 */
export async function readReport(path: string): Promise<SavedBenchReport> {
  const text = await readFile(path, 'utf8').catch(
    (error: NodeJS.ErrnoException) => {
      throw new JanusError({
        code: error.code === 'ENOENT' ? 'not_found' : 'invalid_request',
        // Node names the path only for some errors (`open '<path>'`, not
        // EISDIR): it is named once, first.
        message: `${path}: cannot read the report (${error.message.replace(/, \w+ '[^']*'$/, '')})`,
        cause: error,
      });
    },
  );
  return parseBenchReport({ text, source: path });
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
 * `--json`), then writes `--html <file>`. As with `run`, a `--html` path
 * that cannot be written is a usage error found before anything is printed,
 * and the report is printed before the file is written: a write that fails
 * anyway (exit 1, a message on stderr) still shows it.
 */
export async function showCommand(
  path: string,
  flags: { json?: boolean; html?: string },
  io: CliIo,
): Promise<number> {
  // Checked first, as `run` does: a path that cannot be written is a usage
  // error (exit 2), not a failure after the report was printed.
  if (flags.html) await checkWritable({ flag: '--html', path: flags.html });
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

/**
 * `janus-bench compare <a> <b>`: side by side with deltas (`b - a`); exit 1
 * when no competitor appears in both reports.
 */
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
  const comparisons = compareReports(reports);
  // Nothing in common (say, different competitor ids): an empty comparison
  // is no result, so it fails, naming what each report holds.
  if (comparisons.length === 0) {
    writeLine(io.stderr, `janus-bench: ${noCommonCompetitor(reports)}`);
    return 1;
  }
  writeLine(
    io.stdout,
    flags.json
      ? JSON.stringify(comparisons.map(toComparisonJson))
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
function taskSet(report: SavedBenchReport): string {
  const { suite, tasks, subset, seed } = report.run;
  return [
    suite,
    plural(tasks, 'task'),
    ...(subset === null ? [] : [`subset ${subset}`]),
    `seed ${seed}`,
  ].join(', ');
}
