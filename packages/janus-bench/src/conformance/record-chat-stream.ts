import {
  type ChatStreamPart,
  parseChatCompletionStream,
} from '@janus/protocol';
import { describeError } from '../internal/describe-error';

/** One decoded part with its arrival time. */
export interface TimedPart {
  part: ChatStreamPart;
  /** Milliseconds since the request was sent. */
  atMs: number;
}

/** Everything observed about one streamed chat completion. */
export interface StreamRecording {
  /** HTTP status (0 when the request failed before a response). */
  status: number;
  contentType: string;
  /** Decoded parts until `[DONE]` (or the end of the body). */
  parts: TimedPart[];
  /** The whole body as text, including anything sent after `[DONE]`. */
  rawText: string;
  /** Whether the body ended within the grace period after `[DONE]`. */
  closedAfterDone: boolean;
  /** A network failure or timeout, if any. */
  failure?: string;
  /** Milliseconds from sending the request to the end of the body. */
  durationMs: number;
}

/** How long a body may stay open after `[DONE]` before it counts as a hang. */
export const CLOSE_GRACE_MS = 3000;

/**
 * POSTs a streaming chat request and records every SSE part with its arrival
 * time, the raw text (to catch bytes after `[DONE]`) and whether the body
 * closed. Decoding is protocol's `parseChatCompletionStream` with keep-alives.
 *
 * @internal Used by the conformance checks.
 */
export async function recordChatStream(options: {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}): Promise<StreamRecording> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const recording: StreamRecording = {
    status: 0,
    contentType: '',
    parts: [],
    rawText: '',
    closedAfterDone: false,
    durationMs: 0,
  };
  try {
    const response = await options.fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal: controller.signal,
    });
    recording.status = response.status;
    recording.contentType = response.headers.get('content-type') ?? '';
    if (response.body === null) return recording;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // A pass-through source that also keeps the raw text. Its cancel() is a
    // no-op: after `[DONE]` the decoder releases the source, and we keep
    // reading to see what (if anything) follows.
    const source = new ReadableStream<Uint8Array>({
      async pull(sourceController) {
        const result = await reader.read();
        if (result.done) {
          sourceController.close();
          return;
        }
        recording.rawText += decoder.decode(result.value, { stream: true });
        sourceController.enqueue(result.value);
      },
      cancel() {},
    });
    let sawDone = false;
    for await (const part of parseChatCompletionStream(source, {
      keepAlives: true,
    })) {
      recording.parts.push({ part, atMs: elapsed() });
      if (part.type === 'done') sawDone = true;
    }
    if (sawDone) {
      recording.closedAfterDone = await drain({ reader, decoder, recording });
    }
    if (controller.signal.aborted) {
      recording.failure = `timed out after ${options.timeoutMs}ms`;
    }
  } catch (error) {
    recording.failure = controller.signal.aborted
      ? `timed out after ${options.timeoutMs}ms`
      : `request failed: ${describeError(error)}`;
  } finally {
    clearTimeout(timer);
    recording.durationMs = elapsed();
    controller.abort();
  }
  return recording;
}

/** Reads what is left of the body for up to {@link CLOSE_GRACE_MS}. */
async function drain(options: {
  reader: ReadableStreamDefaultReader<Uint8Array>;
  decoder: TextDecoder;
  recording: StreamRecording;
}): Promise<boolean> {
  const { reader, decoder, recording } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_GRACE_MS);
  });
  try {
    for (;;) {
      const result = await Promise.race([reader.read(), timeout]);
      if (result === 'timeout') return false;
      if (result.done) return true;
      recording.rawText += decoder.decode(result.value, { stream: true });
    }
  } catch {
    // A reset after [DONE] still ends the body.
    return true;
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
}
