/**
 * An object the validation fast paths can vouch for: not `null`, not an
 * array, and without an own `__proto__` key. `JSON.parse` turns
 * `"__proto__"` into an ordinary own property, which zod's copy of the
 * object drops; such a value goes through zod so that both give the same
 * result.
 */
export function isPlainRecord(
  value: unknown,
): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Object.hasOwn(value, '__proto__')
  );
}
