import type { BenchTask } from '../datasets/task-schema';
import type { CompetitorResult } from '../report/report-schema';
import type { QualityComponent } from '../scoring/quality/text-checks';

/**
 * `Every request of <competitor> failed (…)`, or `undefined` when at least
 * one succeeded. The CLI prints it on stderr and exits 1, unless
 * `--max-failure-rate` sets the limit instead.
 */
export function allFailedMessage(result: CompetitorResult): string | undefined {
  const { requests, failed, errors } = result.metrics;
  if (requests === 0 || failed < requests) return undefined;
  const first = errors[0];
  const cause = first ? `; first: ${first.kind}: ${first.message}` : '';
  return `Every request of ${result.competitor} failed (${failed}/${requests}${cause}); its scores are 0.`;
}

/**
 * The run notes: what the reader of the report must know to trust the
 * scores (unexecuted code, sandbox and judge errors, estimated tokens,
 * errors sent as answers, competitors that failed every request).
 */
export function runNotes(options: {
  sandy: boolean;
  tasks: readonly BenchTask[];
  results: readonly CompetitorResult[];
}): string[] {
  const notes: string[] = [];
  const { sandy, tasks, results } = options;
  if (!sandy && tasks.some(task => task.expected.code !== undefined))
    notes.push(
      'Code tasks were not executed (no Sandy URL); their code check is excluded from quality.',
    );
  const sandboxErrors: string[] = [];
  const judgeErrors: string[] = [];
  for (const task of results.flatMap(result => result.tasks)) {
    const inputs = task.scores.quality.inputs;
    const components = (inputs.components ?? []) as QualityComponent[];
    for (const component of components) {
      const reason = component.detail.reason;
      if (typeof reason === 'string' && reason.startsWith('sandbox error: '))
        sandboxErrors.push(reason.slice('sandbox error: '.length));
    }
    if (typeof inputs.judge_error === 'string')
      judgeErrors.push(inputs.judge_error);
  }
  if (sandboxErrors.length > 0)
    notes.push(
      `${sandboxErrors.length} code check(s) could not run because of a sandbox error; first: ${sandboxErrors[0]}. They are excluded from quality.`,
    );
  if (judgeErrors.length > 0)
    notes.push(
      `${judgeErrors.length} task(s) kept their rule-based quality score because the judge call failed; first: ${judgeErrors[0]}.`,
    );
  if (results.some(result => result.metrics.tokens_source.estimated > 0)) {
    notes.push(
      'Some requests reported no usage: their tokens are estimated (≈ 4 characters per token), flagged tokens_source "estimated".',
    );
  }
  for (const result of results) {
    const flagged = result.metrics.error_kinds.error_as_content ?? 0;
    if (flagged > 0)
      notes.push(
        `${flagged} answer(s) of ${result.competitor} were error messages sent as answer text (error_as_content, e.g. "Error: …" or {"error":…}); they count as failed requests, not as answers.`,
      );
    const message = allFailedMessage(result);
    if (message) notes.push(message);
  }
  // Weights only on dimensions no task measured (say `m=1` without media
  // tasks): the composite is 0 for want of anything to weigh, not a verdict.
  const unweighed = results.filter(result =>
    Object.values(result.composite.effective_weights).every(
      weight => weight === 0,
    ),
  );
  if (unweighed.length > 0) {
    const weighted = Object.entries(unweighed[0]!.composite.weights)
      .filter(([, weight]) => weight > 0)
      .map(([dimension]) => dimension);
    notes.push(
      `No task measured a weighted dimension (${weighted.join(', ')}), so the composite of ${unweighed.map(result => result.competitor).join(', ')} is 0 and says nothing; weight a dimension these tasks measure.`,
    );
  }
  return notes;
}
