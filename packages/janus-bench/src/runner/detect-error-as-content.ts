import { safeParseJsonWith } from '@janus/protocol';
import { z } from 'zod/v4';
import type { TaskExpectation } from '../datasets/task-schema';
import type { RequestMeasurement } from '../metrics/request-measurement';
import { jsonSchemaCheck } from '../scoring/quality/json-schema-check';
import { textChecks } from '../scoring/quality/text-checks';

/**
 * The longest answer (trimmed, in characters) that can read as an error
 * message. Error messages sent as answers are short; a longer text that
 * happens to start with `Error:` is more likely a real answer.
 */
export const ERROR_AS_CONTENT_MAX_LENGTH = 1000;

/** The known error shape an answer has. */
export type ErrorAsContentShape = 'error_json' | 'error_prefix' | 'traceback';

/**
 * An error body serialised as the whole answer: OpenAI's
 * `{"error":{"message":…}}` or `{"error":"…"}`, and nothing else at the top
 * level (an object with more fields may be an answer that mentions errors).
 */
const errorJsonSchema = z.strictObject({
  error: z.union([
    z.string().trim().min(1),
    z.looseObject({ message: z.string() }),
  ]),
});

/** `Error: …` (`String(error)` in JavaScript), `Error code: 503 …` (openai-python). */
const ERROR_PREFIX = /^error(?: code)?\s*:/i;
/** A Python exception dump. */
const TRACEBACK = /^Traceback \(most recent call last\):/;

/**
 * Whether a streamed answer is an error message sent as answer text (a
 * competitor that caught an upstream failure and streamed
 * `Error: upstream 503` as `content` instead of an error event). Conservative:
 * only when the answer made no tool call, its trimmed content is at most
 * {@link ERROR_AS_CONTENT_MAX_LENGTH} characters and is a serialised error
 * body (`error_json`), or starts with `Error:` / `Error code:`
 * (`error_prefix`) or `Traceback (most recent call last):` (`traceback`),
 * and no content check of the task (`answer`, `contains`, `contains_any`,
 * `regex`, `json_schema`) accepts it: a task whose right answer looks like
 * an error says so there, and is never flagged.
 *
 * @param options.content The answer text.
 * @param options.toolCalls How many tool calls the answer made.
 * @param options.expected The task's expectation, for the exemption.
 * @returns The shape found, or `undefined` for an answer.
 */
export function detectErrorAsContent(options: {
  content: string;
  toolCalls: number;
  expected?: TaskExpectation;
}): ErrorAsContentShape | undefined {
  if (options.toolCalls > 0) return undefined;
  const text = options.content.trim();
  if (text === '' || text.length > ERROR_AS_CONTENT_MAX_LENGTH)
    return undefined;
  const shape = errorShape(text);
  if (shape === undefined) return undefined;
  if (options.expected && taskAccepts(options.content, options.expected))
    return undefined;
  return shape;
}

/**
 * The measurement with a successful request turned into an
 * `error_as_content` failure when {@link detectErrorAsContent} finds an
 * error in its answer; otherwise the measurement itself. The answer text
 * stays in `content`.
 */
export function markErrorAsContent(options: {
  measurement: RequestMeasurement;
  expected?: TaskExpectation;
}): RequestMeasurement {
  const { measurement } = options;
  if (!measurement.ok) return measurement;
  const shape = detectErrorAsContent({
    content: measurement.content,
    toolCalls: measurement.tool_calls.length,
    ...(options.expected && { expected: options.expected }),
  });
  if (shape === undefined) return measurement;
  return {
    ...measurement,
    ok: false,
    error: {
      kind: 'error_as_content',
      message: `the answer is an error message (${shape}), not an answer: ${excerpt(measurement.content)}`,
      status: null,
    },
  };
}

function errorShape(text: string): ErrorAsContentShape | undefined {
  if (TRACEBACK.test(text)) return 'traceback';
  if (ERROR_PREFIX.test(text)) return 'error_prefix';
  if (
    text.startsWith('{') &&
    safeParseJsonWith({ text, schema: errorJsonSchema }).success
  )
    return 'error_json';
  return undefined;
}

/**
 * Whether any content check of the task gives the text a score above 0
 * (length checks aside). A check that throws counts as accepting: when in
 * doubt, the answer is scored as an answer.
 */
function taskAccepts(text: string, expected: TaskExpectation): boolean {
  try {
    const checks = textChecks(text, expected).filter(
      component => !LENGTH_CHECKS.has(component.check),
    );
    if (expected.json_schema)
      checks.push(jsonSchemaCheck(text, expected.json_schema));
    return checks.some(component => (component.score ?? 0) > 0);
  } catch {
    return true;
  }
}

const LENGTH_CHECKS = new Set(['min_length', 'max_words']);

/** The answer on one line, at most 120 characters. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
