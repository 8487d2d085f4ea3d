import { describeError } from '../internal/describe-error';
import { conformanceChecks } from './checks/index';
import { ConformanceContext } from './conformance-context';
import type {
  ConformanceCheck,
  ConformanceCheckResult,
  ConformanceReport,
  RunConformanceOptions,
} from './types';

/**
 * Runs the Janus black-box contract suite against a competitor or gateway:
 * `/health` and `/v1/models` shapes, stream framing and usage, the
 * non-streamed answer, reasoning order, Janus events, artifact bytes, error
 * bodies (not errors sent as answer text) for invalid requests, silence gaps
 * and client-abort behaviour.
 *
 * Checks run one after another (the abort check reads `in_flight`, so nothing
 * else may be running). A check that throws is reported as a failure with the
 * error as its reason; the run itself never throws for a misbehaving target.
 * When neither `GET /health` nor `GET /v1/models` got an HTTP answer (refused,
 * timed out), the other checks are skipped with that reason.
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
    // A dead or hanging target: one reason for the rest, not the same
    // connection error (or a full timeout) once per check.
    const unreachable = context.unreachable();
    const result: ConformanceCheckResult = unreachable
      ? {
          ...identify(check),
          status: 'skip',
          reason: unreachable,
          durationMs: 0,
        }
      : await runCheck(check, context);
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

const identify = (check: ConformanceCheck) => ({
  id: check.id,
  title: check.title,
});

/** Runs one check; a check that throws fails with the error as its reason. */
async function runCheck(
  check: ConformanceCheck,
  context: ConformanceContext,
): Promise<ConformanceCheckResult> {
  const started = performance.now();
  try {
    const outcome = await check.run(context);
    const durationMs = performance.now() - started;
    if ('skip' in outcome)
      return {
        ...identify(check),
        status: 'skip',
        reason: outcome.skip,
        durationMs,
      };
    const note = outcome.note === undefined ? {} : { note: outcome.note };
    if (outcome.problems.length > 0)
      return {
        ...identify(check),
        status: 'fail',
        reason: outcome.problems.join('; '),
        ...note,
        durationMs,
      };
    return { ...identify(check), status: 'pass', ...note, durationMs };
  } catch (error) {
    return {
      ...identify(check),
      status: 'fail',
      reason: describeError(error),
      durationMs: performance.now() - started,
    };
  }
}
