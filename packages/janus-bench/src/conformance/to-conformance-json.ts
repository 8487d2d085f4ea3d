import type { ConformanceReport } from './types';

/** One check in {@link ConformanceJson}. */
export interface ConformanceCheckJson {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  /** Why the check failed or was skipped; `null` on a pass. */
  reason: string | null;
  /** A warning that did not fail the check; `null` when there is none. */
  note: string | null;
  duration_ms: number;
}

/**
 * The JSON form of a conformance report, as `janus-bench conformance --json`
 * prints it: snake_case keys and `null` for absent values, like the bench
 * run report (`BenchReport`).
 */
export interface ConformanceJson {
  target: string;
  passed: boolean;
  started_at: string;
  duration_ms: number;
  results: ConformanceCheckJson[];
}

/**
 * Converts a {@link ConformanceReport} (camelCase, the library's TypeScript
 * shape) to its JSON form (snake_case, the shape of every file and `--json`
 * output of `janus-bench`).
 *
 * @param report - The result of `runConformance`.
 * @returns A plain object for `JSON.stringify`.
 * @example
 * ```ts
 * await writeFile('conformance.json', JSON.stringify(toConformanceJson(report)));
 * ```
 */
export function toConformanceJson(report: ConformanceReport): ConformanceJson {
  return {
    target: report.target,
    passed: report.passed,
    started_at: report.startedAt,
    duration_ms: report.durationMs,
    results: report.results.map(result => ({
      id: result.id,
      title: result.title,
      status: result.status,
      reason: result.reason ?? null,
      note: result.note ?? null,
      duration_ms: result.durationMs,
    })),
  };
}
