/**
 * Parses JSON text, returning `undefined` instead of throwing: the checks
 * inspect bodies that may legitimately not be JSON (that is what they test).
 *
 * @internal
 */
export function safeParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
