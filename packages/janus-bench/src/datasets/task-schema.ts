import {
  chatMessageSchema,
  toolChoiceSchema,
  toolSchema,
} from '@janus/protocol';
import { z } from 'zod/v4';

/** Task categories of the public suites (private suites may add their own). */
export const TASK_CATEGORIES = [
  'chat',
  'research',
  'code',
  'multimodal',
  'agentic',
  'streaming',
  'cost',
] as const;

/** One Python (or other) test case of a code task: call with `input`, expect `output`. */
export const codeTestCaseSchema = z.object({
  input: z.array(z.unknown()),
  output: z.unknown(),
});

/** The `SyntaxError` message of a regex source (compiled as the scorer does), if any. */
function regexSyntaxError(source: string): string | undefined {
  try {
    new RegExp(source, 'i');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The checks of {@link taskExpectationSchema}. */
const expectationShape = {
  /** The answer must contain this (case-insensitive, on word boundaries). */
  answer: z.string().optional(),
  /** Keywords; the score is the fraction present (case-insensitive). */
  contains: z.array(z.string()).optional(),
  /** At least one of these must appear (case-insensitive). */
  contains_any: z.array(z.string()).optional(),
  /** A JavaScript regular expression the answer must match (flags `i`). */
  regex: z
    .string()
    .refine(source => regexSyntaxError(source) === undefined, {
      error: issue =>
        `not a valid JavaScript regex (${regexSyntaxError(String(issue.input))})`,
    })
    .optional(),
  /** The answer (or its first fenced JSON block) must parse and match this JSON Schema. */
  json_schema: z.record(z.string(), z.unknown()).optional(),
  /** The first tool call must name this function with these arguments. */
  tool_call: z
    .object({
      name: z.string(),
      arguments: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  /** A code task: the fenced code block is run against these test cases in a Sandy sandbox. */
  code: z
    .object({
      language: z.literal('python'),
      function_name: z.string(),
      test_cases: z.array(codeTestCaseSchema).min(1),
    })
    .optional(),
  /** Minimum answer length in characters. */
  min_length: z.number().int().positive().optional(),
  /** Maximum answer length in words (concise-answer and cost tasks). */
  max_words: z.number().int().positive().optional(),
  /** A rubric for the optional LLM judge. */
  rubric: z.string().optional(),
  /** Output-token budget of a cost task; the cost score's token target. */
  baseline_tokens: z.number().int().positive().optional(),
  /** TTFT target for the speed and streaming scores of this task, ms. */
  ttft_target_ms: z.number().positive().optional(),
  /** Minimum output tokens a streaming task must produce. */
  min_tokens: z.number().int().positive().optional(),
};
const EXPECTATION_KEYS = Object.keys(expectationShape);

/**
 * What a good answer looks like. Every present check contributes one
 * component to the quality score (see docs/bench.md "Quality"). Strict: an
 * unknown key (a typo such as `answr`) would silently drop its check, so
 * it is refused at load, as is a `regex` that does not compile.
 */
export const taskExpectationSchema = z.strictObject(expectationShape, {
  error: issue =>
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map(key => JSON.stringify(key)).join(', ')} (known: ${EXPECTATION_KEYS.join(', ')})`
      : undefined,
});
/** What a good answer looks like. */
export type TaskExpectation = z.infer<typeof taskExpectationSchema>;

/**
 * One benchmark task: a line of a suite's JSONL file.
 *
 * @example
 * {"id":"chat-dev-001","category":"chat","messages":[{"role":"user","content":"What is the capital of France?"}],"expected":{"answer":"Paris"}}
 */
export const benchTaskSchema = z.looseObject({
  /** Unique within a suite. */
  id: z.string().min(1),
  /** One of {@link TASK_CATEGORIES} (private suites may use others). */
  category: z.string().min(1),
  /** The conversation sent as `messages`. */
  messages: z.array(chatMessageSchema).min(1),
  /** Tools offered to the competitor. */
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  /** Caps the answer length (`max_tokens`). */
  max_tokens: z.number().int().positive().optional(),
  expected: taskExpectationSchema,
});
/** One benchmark task. */
export type BenchTask = z.infer<typeof benchTaskSchema>;
