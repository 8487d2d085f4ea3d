/**
 * Reads at most `maxBytes` of a body as UTF-8 text and cancels the rest, so
 * a huge upstream error page never lands in memory.
 */
export async function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string> {
  return (await readBoundedText({ body, maxBytes })).text;
}

/**
 * {@link readLimitedText} that also says whether the body went on past
 * `maxBytes` (`oversize`), for callers that must refuse a truncated answer
 * rather than read a prefix of it.
 */
export async function readBoundedText(options: {
  body: ReadableStream<Uint8Array> | null;
  maxBytes: number;
}): Promise<{ text: string; oversize: boolean }> {
  const { body, maxBytes } = options;
  if (body === null) return { text: '', oversize: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    // `<=`: one byte past the limit is enough to know the body is too long.
    while (received <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A broken error body is still an error; keep what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  return { text: text.slice(0, maxBytes), oversize: received > maxBytes };
}
