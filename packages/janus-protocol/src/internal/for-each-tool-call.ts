/** A tool call or streamed fragment as parsed: an object, not yet validated. */
export type ToolCallBag = Record<string, unknown>;

/**
 * Visits each tool call of a parsed, not yet validated chat completion
 * chunk (`choices[].delta.tool_calls`) or completion
 * (`choices[].message.tool_calls`), for the repairs that fix such values in
 * place before validation. Skips whatever is not an object; a choice
 * without a numeric `index` counts as choice 0.
 *
 * @param options.value The parsed value (anything).
 * @param options.field `delta` (a chunk) or `message` (a completion).
 * @param options.visit Called with each call and its choice's index; says
 *   whether it changed the call.
 * @returns Whether any `visit` changed something.
 * @internal
 */
export function forEachToolCall(options: {
  value: unknown;
  field: 'delta' | 'message';
  visit: (call: ToolCallBag, choice: number) => boolean;
}): boolean {
  const { field, visit } = options;
  const choices = (options.value as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return false;
  let changed = false;
  for (const choice of choices) {
    const calls = (
      choice as Record<string, { tool_calls?: unknown } | null> | null
    )?.[field]?.tool_calls;
    if (!Array.isArray(calls)) continue;
    const index = (choice as { index?: unknown }).index;
    const key = typeof index === 'number' ? index : 0;
    for (const call of calls) {
      if (typeof call !== 'object' || call === null) continue;
      // Not `||=`: every call is visited, whatever the earlier ones said.
      if (visit(call as ToolCallBag, key)) changed = true;
    }
  }
  return changed;
}
