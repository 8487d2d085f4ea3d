/**
 * The one place wire JSON is parsed (STYLE.md 8.3). Returns a result instead
 * of throwing, so a malformed payload never crashes a stream.
 */
export type SafeJsonResult =
  | { success: true; value: unknown }
  | { success: false; error: unknown };

export function safeParseJson(text: string): SafeJsonResult {
  try {
    return { success: true, value: JSON.parse(text) };
  } catch (error) {
    return { success: false, error };
  }
}
