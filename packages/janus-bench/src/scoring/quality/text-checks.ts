import type { TaskExpectation } from '../../datasets/task-schema';

/** One checked part of the quality score. */
export interface QualityComponent {
  /** Which check, e.g. `answer`, `contains`, `tool_call`, `code`. */
  check: string;
  /** 0–1, or `null` when the check could not run (e.g. code "not executed"). */
  score: number | null;
  /** What was found, for the report. */
  detail: Record<string, unknown>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether `needle` occurs in `text` case-insensitively, on word boundaries
 * where the needle starts or ends with a word character (so `J` for the
 * joule question does not match any "j", a bug of the original).
 */
export function containsTerm(text: string, needle: string): boolean {
  const start = /^\w/.test(needle) ? '(?<![\\w])' : '';
  const end = /\w$/.test(needle) ? '(?![\\w])' : '';
  return new RegExp(`${start}${escapeRegExp(needle)}${end}`, 'i').test(text);
}

/**
 * The text checks of an expectation: `answer`, `contains`, `contains_any`,
 * `regex`, `min_length`, `max_words`. Each present check is one component.
 */
export function textChecks(
  text: string,
  expected: TaskExpectation,
): QualityComponent[] {
  const components: QualityComponent[] = [];
  if (expected.answer !== undefined) {
    const found = containsTerm(text, expected.answer);
    components.push({
      check: 'answer',
      score: found ? 1 : 0,
      detail: { expected: expected.answer, found },
    });
  }
  if (expected.contains?.length) {
    const found = expected.contains.filter(term => containsTerm(text, term));
    components.push({
      check: 'contains',
      score: found.length / expected.contains.length,
      detail: { expected: expected.contains, found },
    });
  }
  if (expected.contains_any?.length) {
    const found = expected.contains_any.filter(term =>
      containsTerm(text, term),
    );
    components.push({
      check: 'contains_any',
      score: found.length > 0 ? 1 : 0,
      detail: { expected: expected.contains_any, found },
    });
  }
  if (expected.regex !== undefined) {
    const matched = new RegExp(expected.regex, 'i').test(text);
    components.push({
      check: 'regex',
      score: matched ? 1 : 0,
      detail: { regex: expected.regex, matched },
    });
  }
  if (expected.min_length !== undefined) {
    const length = text.trim().length;
    components.push({
      check: 'min_length',
      score: Math.min(1, length / expected.min_length),
      detail: { length, min_length: expected.min_length },
    });
  }
  if (expected.max_words !== undefined) {
    const words = text.trim().split(/\s+/).filter(Boolean).length;
    const max = expected.max_words;
    const score =
      words === 0 ? 0 : words <= max ? 1 : words <= 2 * max ? 0.5 : 0.2;
    components.push({
      check: 'max_words',
      score,
      detail: { words, max_words: max },
    });
  }
  return components;
}
