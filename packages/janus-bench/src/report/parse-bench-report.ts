import { JanusError, safeParseJsonWith, safeValidate } from '@janus/protocol';
import { z } from 'zod/v4';
import { VERSION } from '../version';
import {
  REPORT_SCHEMA_VERSION,
  type SavedBenchReport,
  savedBenchReportSchema,
} from './report-schema';

/**
 * Parses a saved report (the JSON of `janus-bench run --out`) the way
 * `janus-bench show` and `compare` read it:
 *
 * - a report of a newer `schema_version` than this version reads is refused,
 *   naming both versions: upgrade to read it;
 * - values a newer writer of the same `schema_version` may add are accepted:
 *   an unknown `error.kind`, `tokens_source` or `run.arrival` is kept as it
 *   is, and unknown fields, at any depth, are kept (validation ignores them,
 *   and the parsed JSON is returned as it was, so `show --json` loses
 *   nothing).
 *
 * @throws JanusError (`invalid_request`) prefixed with `source` when given:
 * not JSON (with the parser's reason, e.g. the position), a newer
 * `schema_version`, or not a report.
 */
export function parseBenchReport(options: {
  text: string;
  /** What the text came from (a path), named first in errors. */
  source?: string;
}): SavedBenchReport {
  const prefix = options.source === undefined ? '' : `${options.source}: `;
  const parsed = safeParseJsonWith({
    text: options.text,
    schema: z.unknown(),
    subject: 'report',
  });
  if (!parsed.success) {
    const { cause } = parsed.error;
    // The JSON parser's reason (a position, an unexpected token) on one line.
    const reason =
      cause instanceof Error ? ` (${cause.message.replace(/\s+/g, ' ')})` : '';
    throw new JanusError({
      code: 'invalid_request',
      message: `${prefix}${parsed.error.message}${reason}`,
      cause: parsed.error,
    });
  }
  const newer = newerVersionMessage(parsed.value);
  if (newer)
    throw new JanusError({ code: 'invalid_request', message: prefix + newer });
  const result = safeValidate({
    value: parsed.value,
    schema: savedBenchReportSchema,
    subject: 'report',
  });
  if (!result.success)
    throw new JanusError({
      code: 'invalid_request',
      message: `${prefix}${result.error.message}`,
      cause: result.error,
    });
  // The schema has no transforms or defaults: its output is the input minus
  // the fields it does not know. Returning the input keeps those.
  return parsed.value as SavedBenchReport;
}

/**
 * Why a report is too new to read, or `undefined`. Checked before the
 * shape: a newer format may fail validation, and the version is the reason.
 */
function newerVersionMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { schema_version: version, tool } = value as Record<string, unknown>;
  if (typeof version !== 'number' || !(version > REPORT_SCHEMA_VERSION))
    return undefined;
  const writer =
    typeof tool === 'object' &&
    tool !== null &&
    typeof (tool as Record<string, unknown>).version === 'string'
      ? ` (written by @janus/bench ${(tool as Record<string, string>).version})`
      : '';
  return `the report has schema_version ${version}${writer}, newer than this janus-bench reads (schema_version ${REPORT_SCHEMA_VERSION}, @janus/bench ${VERSION}): upgrade @janus/bench to read it`;
}
