import type { z } from 'zod/v4';
import type { HttpExchange } from '../conformance-context';
import { clip } from '../stream-facts';

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

/**
 * {@link schemaProblems} of a response body, or `the body is not JSON: <its
 * start>` when it does not parse (an HTML page, a proxy's error text):
 * validating nothing would blame missing fields ("expected object, received
 * undefined") instead of the body.
 *
 * @internal
 */
export function bodySchemaProblems(options: {
  exchange: HttpExchange;
  schema: z.ZodType;
  subject: string;
}): string[] {
  const { exchange } = options;
  if (exchange.json === undefined)
    return [`the body is not JSON: ${clip(exchange.text) || '(empty)'}`];
  return schemaProblems({ ...options, value: exchange.json });
}
