import { nextWithin } from './next-within';

/**
 * Reads a whole response body as text, failing when no chunk arrives within
 * `idleMs` or when `signal` aborts (some fetch implementations leave the body
 * of an aborted request pending). Cancels the body on failure, so the
 * upstream sees the disconnect.
 */
export async function readBodyText(options: {
  response: Response;
  idleMs: number;
  signal: AbortSignal | undefined;
}): Promise<string> {
  const { body } = options.response;
  if (!body) return '';
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await nextWithin({
        promise: reader.read(),
        idleMs: options.idleMs,
        signal: options.signal,
      });
      if (done) return text;
      text += value;
    }
  } catch (error) {
    // Not awaited: some fetch implementations settle the cancel only when
    // the peer closes.
    reader.cancel(error).catch(() => {});
    throw error;
  }
}
