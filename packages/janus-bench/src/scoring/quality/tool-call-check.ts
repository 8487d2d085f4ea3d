import type { MeasuredToolCall } from '../../metrics/request-measurement';
import type { QualityComponent } from './text-checks';

/**
 * The `tool_call` check on the first tool call: no call 0; wrong function 0;
 * arguments not JSON or an expected argument missing 0.3; a value differs
 * 0.6 (strings match case-insensitively, or when the expected string is a
 * substring of the actual one; numbers by value); all match 1.
 */
export function toolCallCheck(
  calls: readonly MeasuredToolCall[],
  expected: { name: string; arguments?: Record<string, unknown> },
): QualityComponent {
  const call = calls[0];
  if (!call) return { check: 'tool_call', score: 0, detail: { called: false } };
  const detail: Record<string, unknown> = {
    called: call.name,
    expected: expected.name,
  };
  if (call.name !== expected.name)
    return { check: 'tool_call', score: 0, detail };
  const wanted = expected.arguments ?? {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments || '{}');
  } catch {
    return {
      check: 'tool_call',
      score: 0.3,
      detail: { ...detail, arguments: call.arguments, parsed: false },
    };
  }
  detail.arguments = parsed;
  // JSON that is not an object (null, a number, a string, an array) has no arguments.
  const actual: Record<string, unknown> =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  const missing = Object.keys(wanted).filter(
    key => !Object.hasOwn(actual, key),
  );
  if (missing.length > 0)
    return { check: 'tool_call', score: 0.3, detail: { ...detail, missing } };
  const wrong = Object.keys(wanted).filter(
    key => !sameValue(actual[key], wanted[key]),
  );
  if (wrong.length > 0)
    return { check: 'tool_call', score: 0.6, detail: { ...detail, wrong } };
  return { check: 'tool_call', score: 1, detail };
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string') {
    return actual.toLowerCase().includes(expected.toLowerCase());
  }
  if (typeof expected === 'number') return Number(actual) === expected;
  return JSON.stringify(actual) === JSON.stringify(expected);
}
