import { describeError } from '../../internal/describe-error';
import { failedDetail, type Scorer } from '../score-detail';
import { extractFencedBlock, jsonSchemaCheck } from './json-schema-check';
import type { Judge } from './llm-judge';
import type { CodeRunner } from './sandy-code-runner';
import { type QualityComponent, textChecks } from './text-checks';
import { toolCallCheck } from './tool-call-check';

/** Options of {@link createQualityScorer}. */
export interface QualityScorerOptions {
  /** Runs code tasks (a Sandy sandbox); without it code is "not executed". */
  codeRunner?: CodeRunner;
  /** Optional LLM judge, used for tasks with a `rubric`. */
  judge?: Judge;
}

/**
 * The quality scorer: the mean of the task's check components (text
 * checks, `json_schema`, `tool_call`, `code`); with a judge and a rubric,
 * `0.7*judge + 0.3*checks` (judge alone when no check applies). Code that
 * could not run is a `null` component ("not executed"), left out of the
 * mean; a task with nothing scorable gets `null`. A failed request is 0.
 */
export function createQualityScorer(
  options: QualityScorerOptions = {},
): Scorer {
  return async ({ task, measurement, signal }) => {
    if (!measurement.ok) return failedDetail(measurement);
    const expected = task.expected;
    const text = measurement.content;
    const components: QualityComponent[] = textChecks(text, expected);
    if (expected.json_schema)
      components.push(jsonSchemaCheck(text, expected.json_schema));
    if (expected.tool_call)
      components.push(
        toolCallCheck(measurement.tool_calls, expected.tool_call),
      );
    if (expected.code) {
      const code = extractFencedBlock(text, expected.code.language);
      if (!options.codeRunner) {
        components.push({
          check: 'code',
          score: null,
          detail: { status: 'not executed', reason: 'no --sandy-url given' },
        });
      } else {
        try {
          const result = await options.codeRunner({
            code,
            functionName: expected.code.function_name,
            testCases: expected.code.test_cases,
            signal,
          });
          components.push({
            check: 'code',
            score: result.total > 0 ? result.passed / result.total : 0,
            detail: { status: 'executed', ...result },
          });
        } catch (error) {
          components.push({
            check: 'code',
            score: null,
            detail: {
              status: 'not executed',
              reason: `sandbox error: ${describeError(error)}`,
            },
          });
        }
      }
    }
    const scored = components.filter(component => component.score !== null);
    const checks =
      scored.length > 0
        ? scored.reduce((sum, component) => sum + component.score!, 0) /
          scored.length
        : null;
    const inputs: Record<string, unknown> = {
      components,
      checks_score: checks,
    };
    if (options.judge && expected.rubric) {
      try {
        const prompt = lastUserText(task.messages);
        const verdict = await options.judge({
          prompt,
          answer: text,
          rubric: expected.rubric,
          signal,
        });
        inputs.judge = verdict;
        if (checks === null)
          return { score: verdict.score, formula: 'judge', inputs };
        return {
          score: 0.7 * verdict.score + 0.3 * checks,
          formula: '0.7*judge + 0.3*mean(checks)',
          inputs,
        };
      } catch (error) {
        inputs.judge_error = describeError(error);
      }
    }
    return {
      score: checks,
      formula:
        checks === null ? 'no scorable check → not scored' : 'mean(checks)',
      inputs,
    };
  };
}

function lastUserText(
  messages: readonly { role: string; content?: unknown }[],
): string {
  const message = [...messages].reverse().find(entry => entry.role === 'user');
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return (message.content as { type: string; text?: string }[])
    .filter(part => part.type === 'text')
    .map(part => part.text ?? '')
    .join('\n');
}
