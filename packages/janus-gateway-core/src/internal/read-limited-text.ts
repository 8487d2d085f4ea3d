/**
 * Reads at most `maxBytes` of a body as UTF-8 text and cancels the rest, so
 * a huge upstream error page never lands in memory.
 */
export async function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    while (received < maxBytes) {
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
  return text.slice(0, maxBytes);
}
