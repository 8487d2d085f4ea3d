/**
 * The tokenizer fallback used when a server sends no `usage`: about four
 * characters per token (OpenAI's published rule of thumb for English), at
 * least one token per non-empty text. An approximation, always reported with
 * `tokens_source: 'estimated'`, never mixed silently with server counts.
 *
 * @param text - the generated text (content, reasoning and tool arguments).
 * @returns the estimated token count.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.round(text.length / 4));
}
