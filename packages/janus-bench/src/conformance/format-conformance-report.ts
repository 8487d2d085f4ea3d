import type { ConformanceReport } from './types';

const STATUS_LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * Renders a conformance report as a plain-text table: one row per check with
 * its status and duration, then the reason of every failure and skip, then a
 * summary line. No colours, so it reads the same in a terminal, a CI log or a
 * file.
 *
 * @param report - The result of `runConformance`.
 * @returns The table, lines separated by `\n`, ending with a newline.
 * @example
 * ```ts
 * process.stdout.write(formatConformanceReport(await runConformance({ target })));
 * ```
 */
export function formatConformanceReport(report: ConformanceReport): string {
  const idWidth = Math.max(5, ...report.results.map(r => r.id.length));
  const titleWidth = Math.max(5, ...report.results.map(r => r.title.length));
  const lines = [
    `Janus conformance: ${report.target}`,
    `started ${report.startedAt}`,
    '',
    `${'CHECK'.padEnd(idWidth)}  ${'TITLE'.padEnd(titleWidth)}  RESULT  TIME`,
    `${'-'.repeat(idWidth)}  ${'-'.repeat(titleWidth)}  ------  ------`,
  ];
  for (const result of report.results) {
    lines.push(
      `${result.id.padEnd(idWidth)}  ${result.title.padEnd(titleWidth)}  ${STATUS_LABEL[
        result.status
      ].padEnd(6)}  ${formatMs(result.durationMs)}`,
    );
  }
  const explained = report.results.filter(r => r.reason !== undefined);
  if (explained.length > 0) {
    lines.push('');
    for (const result of explained) {
      lines.push(
        `${STATUS_LABEL[result.status]} ${result.id}: ${result.reason}`,
      );
    }
  }
  const count = (status: 'pass' | 'fail' | 'skip') =>
    report.results.filter(r => r.status === status).length;
  lines.push(
    '',
    `${report.passed ? 'PASSED' : 'FAILED'}: ${count('pass')} passed, ${count(
      'fail',
    )} failed, ${count('skip')} skipped in ${formatMs(report.durationMs)}`,
  );
  return `${lines.join('\n')}\n`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}
