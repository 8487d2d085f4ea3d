import type { z } from 'zod/v4';

/**
 * Validates `value` and describes up to three issues as
 * `<subject> at <path>: <message>`; empty when valid.
 *
 * @internal
 */
export function schemaProblems(options: {
  schema: z.ZodType;
  value: unknown;
  subject: string;
}): string[] {
  const result = options.schema.safeParse(options.value);
  if (result.success) return [];
  return result.error.issues.slice(0, 3).map(issue => {
    const where = issue.path.length > 0 ? ` at '${issue.path.join('.')}'` : '';
    return `${options.subject}${where}: ${issue.message}`;
  });
}
