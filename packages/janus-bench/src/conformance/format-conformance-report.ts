import type { ConformanceCheckResult, ConformanceReport } from './types';

const STATUS_LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * Renders a conformance report as a plain-text table: one row per check with
 * its status and duration, then the reason of every failure and skip (one
 * line for consecutive checks with the same one), then the notes (warnings
 * that fail nothing), then a summary line. No colours, so it reads the same in a terminal, a CI log or a
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
  const explained = groupReasons(report.results);
  if (explained.length > 0) {
    lines.push('');
    for (const { status, ids, reason } of explained) {
      const checks =
        ids.length <= 2
          ? ids.join(', ')
          : `${ids[0]} … ${ids.at(-1)} (${ids.length} checks)`;
      lines.push(`${STATUS_LABEL[status]} ${checks}: ${reason}`);
    }
  }
  const notes = report.results.filter(result => result.note !== undefined);
  if (notes.length > 0) {
    lines.push('');
    for (const { id, note } of notes) lines.push(`NOTE ${id}: ${note}`);
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

/**
 * The reasons of the failures and skips, consecutive checks with the same
 * status and reason on one line (an unreachable target skips twelve checks
 * for one reason).
 */
function groupReasons(results: readonly ConformanceCheckResult[]) {
  const groups: Array<{
    status: ConformanceCheckResult['status'];
    ids: string[];
    reason: string;
  }> = [];
  results.forEach(({ id, status, reason }, index) => {
    if (reason === undefined) return;
    const previous = results[index - 1];
    const last = groups.at(-1);
    if (last && previous?.status === status && previous.reason === reason)
      last.ids.push(id);
    else groups.push({ status, ids: [id], reason });
  });
  return groups;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}
