import { safeParseJsonWith } from '@janus/protocol';
import ky from 'ky';
import { z } from 'zod/v4';
import { joinUrl } from '../../internal/join-url';

/** A judge verdict, 0–1 with the judge's reasoning. */
export interface JudgeVerdict {
  score: number;
  reasoning: string;
}

/** Grades an answer against a task. */
export type Judge = (options: {
  prompt: string;
  answer: string;
  rubric: string;
  signal?: AbortSignal;
}) => Promise<JudgeVerdict>;

/** Options of {@link createLlmJudge}. */
export interface LlmJudgeOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`. */
  url: string;
  model: string;
  apiKey?: string;
  fetch?: typeof fetch;
  /** Per-call timeout, ms (default 120 000). */
  timeoutMs?: number;
}

/**
 * A score from 0 to 1, as a number or a numeric string. Not coerced from
 * anything else: `null`, `true` or `""` would become 0 or 1. A rounding
 * overshoot within 1e-9 is clamped; anything further out (a judge that
 * answered on a 0–10 scale) is refused, not clamped to 1.
 */
const judgeScoreSchema = z
  .union([z.number(), z.string().trim().min(1).pipe(z.coerce.number())])
  .pipe(
    z
      .number()
      .min(-1e-9)
      .max(1 + 1e-9),
  )
  .transform(score => Math.min(1, Math.max(0, score)));

const verdictSchema = z.object({
  score: judgeScoreSchema,
  reasoning: z.string().optional(),
});
const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullish() }) }))
    .min(1),
});

/**
 * An LLM judge over any OpenAI-compatible endpoint: one non-streaming call
 * at temperature 0 with `response_format: json_object`, asking for
 * `{"score": 0..1, "reasoning": "…"}`.
 *
 * @throws when the judge is unreachable or answers without a score from 0
 * to 1 (`null`, or 7 on a 0–10 scale, is not read as 0 or 1); the
 * runner records that as a judge error and keeps the rule-based score.
 */
export function createLlmJudge(options: LlmJudgeOptions): Judge {
  const url = chatCompletionsEndpoint(options.url);
  const client = ky.create({
    retry: 0,
    timeout: options.timeoutMs ?? 120_000,
    headers: options.apiKey
      ? { authorization: `Bearer ${options.apiKey}` }
      : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return async ({ prompt, answer, rubric, signal }) => {
    const body = {
      model: options.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        {
          role: 'system',
          content:
            'You grade answers. Reply with JSON only: {"score": <0..1>, "reasoning": "<one sentence>"}.',
        },
        {
          role: 'user',
          content: `Task:\n${prompt}\n\nRubric:\n${rubric}\n\nAnswer to grade:\n${answer}`,
        },
      ],
    };
    const completion = completionSchema.parse(
      await client.post(url, { json: body, signal }).json(),
    );
    const content = completion.choices[0]!.message.content ?? '';
    const verdict = safeParseJsonWith({
      text: content.replace(/^```(?:json)?\s*|```\s*$/g, ''),
      schema: verdictSchema,
    });
    if (!verdict.success)
      throw new Error(
        `The judge did not answer a JSON verdict {"score": 0..1}: ${JSON.stringify(content.slice(0, 200))}`,
      );
    return {
      score: verdict.value.score,
      reasoning: verdict.value.reasoning ?? '',
    };
  };
}

/**
 * The judge's `…/chat/completions` URL from a base URL (or that URL
 * itself), its query kept at the end (`?api-version=…` on Azure OpenAI).
 * Not a URL: returned as is, so each call fails and is recorded as a judge
 * error, as before.
 */
function chatCompletionsEndpoint(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return base;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions'))
    return joinUrl({ base, path: '/chat/completions' });
  url.pathname = path;
  url.hash = '';
  return url.toString();
}
