import { describeError } from '../internal/describe-error';
import { conformanceChecks } from './checks/index';
import { ConformanceContext } from './conformance-context';
import type {
  ConformanceCheckResult,
  ConformanceReport,
  RunConformanceOptions,
} from './types';

/**
 * Runs the Janus black-box contract suite against a competitor or gateway:
 * `/health` and `/v1/models` shapes, stream framing and usage, the
 * non-streamed answer, reasoning order, Janus events, artifact bytes, error
 * bodies for invalid requests, silence gaps and client-abort behaviour.
 *
 * Checks run one after another (the abort check reads `in_flight`, so nothing
 * else may be running). A check that throws is reported as a failure with the
 * error as its reason; the run itself never throws for a misbehaving target.
 *
 * @param options - See {@link RunConformanceOptions}; only `target` is required.
 * @returns The report; `passed` is `false` when any check failed.
 * @example
 * ```ts
 * const report = await runConformance({ target: 'http://127.0.0.1:8001' });
 * process.stdout.write(formatConformanceReport(report));
 * process.exitCode = report.passed ? 0 : 1;
 * ```
 */
export async function runConformance(
  options: RunConformanceOptions,
): Promise<ConformanceReport> {
  const context = new ConformanceContext(options);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const results: ConformanceCheckResult[] = [];
  for (const check of conformanceChecks) {
    const checkStarted = performance.now();
    let result: ConformanceCheckResult;
    try {
      const outcome = await check.run(context);
      const base = { id: check.id, title: check.title };
      const durationMs = performance.now() - checkStarted;
      if ('skip' in outcome) {
        result = { ...base, status: 'skip', reason: outcome.skip, durationMs };
      } else if (outcome.problems.length > 0) {
        result = {
          ...base,
          status: 'fail',
          reason: outcome.problems.join('; '),
          durationMs,
        };
      } else {
        result = { ...base, status: 'pass', durationMs };
      }
    } catch (error) {
      result = {
        id: check.id,
        title: check.title,
        status: 'fail',
        reason: describeError(error),
        durationMs: performance.now() - checkStarted,
      };
    }
    results.push(result);
    options.onResult?.(result);
  }
  return {
    target: context.target,
    passed: results.every(result => result.status !== 'fail'),
    startedAt,
    durationMs: performance.now() - started,
    results,
  };
}
