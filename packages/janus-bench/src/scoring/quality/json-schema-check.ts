import { z } from 'zod/v4';
import type { QualityComponent } from './text-checks';

/** The first fenced code block's body (any language tag), else the whole text. */
export function extractFencedBlock(text: string, language?: string): string {
  const fence = /```([\w+-]*)[^\n]*\n([\s\S]*?)```/g;
  let first: string | undefined;
  for (const match of text.matchAll(fence)) {
    const tag = (match[1] ?? '').toLowerCase();
    if (language && tag === language) return match[2]!;
    first ??= match[2];
  }
  return (first ?? text).trim();
}

/**
 * The `json_schema` check: the answer (or its first fenced block) must parse
 * as JSON and validate against the task's JSON Schema (via zod's
 * `z.fromJSONSchema`). 1 or 0.
 */
export function jsonSchemaCheck(
  text: string,
  schema: Record<string, unknown>,
): QualityComponent {
  const body = extractFencedBlock(text, 'json');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { check: 'json_schema', score: 0, detail: { parsed: false } };
  }
  const validator = z.fromJSONSchema(
    schema as Parameters<typeof z.fromJSONSchema>[0],
  );
  const result = validator.safeParse(value);
  return {
    check: 'json_schema',
    score: result.success ? 1 : 0,
    detail: {
      parsed: true,
      valid: result.success,
      issues: result.success
        ? []
        : result.error.issues.slice(0, 5).map(issue => issue.message),
    },
  };
}
