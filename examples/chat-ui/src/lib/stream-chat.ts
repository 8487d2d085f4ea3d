import {
  errorBodySchema,
  isAbortError,
  parseChatCompletionStream,
  safeParseJsonWith,
} from '@janus/protocol';
import { type AssistantAction, reduceAssistant } from './assistant-reducer';
import type { AssistantChatMessage } from './chat-types';
import { payloadTooLargeMessage } from './request-size';
import { splitChunks } from './split-chunks';
import { yieldToMain } from './yield-to-main';

/** Options of {@link streamChat}. */
export interface StreamChatOptions {
  /** The chat completion request body (already built, `stream: true`). */
  body: unknown;
  /** The assistant message to fill (from `createAssistantMessage`). */
  message: AssistantChatMessage;
  /** Aborts the request end to end (the route handler forwards the abort). */
  signal: AbortSignal;
  /** Called with every new state of the message; batch it to frames. */
  onUpdate: (message: AssistantChatMessage) => void;
  /** Where to POST; default the same-origin route handler `/api/chat`. */
  url?: string;
  /** @internal */
  _internal?: { fetch?: typeof fetch; now?: () => number };
}

/** Work done between two yields to the browser, in ms (well under a 50 ms long task). */
const sliceMs = 8;

/**
 * Sends a chat completion request and folds the SSE answer into the message
 * with {@link reduceAssistant}. Parsing uses `parseChatCompletionStream`; an
 * HTTP error body or an in-stream error event ends in `status: 'error'`;
 * aborting ends in `status: 'stopped'`. Decoding yields to the browser every
 * few milliseconds so a fast stream never blocks input or painting.
 *
 * @returns The final message.
 */
export async function streamChat(
  options: StreamChatOptions,
): Promise<AssistantChatMessage> {
  const fetchImpl = options._internal?.fetch ?? fetch;
  const now = options._internal?.now ?? Date.now;
  let message = options.message;
  const apply = (action: AssistantAction) => {
    const next = reduceAssistant(message, action);
    if (next !== message) {
      message = next;
      options.onUpdate(message);
    }
  };
  try {
    const response = await fetchImpl(options.url ?? '/api/chat', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: JSON.stringify(options.body),
      signal: options.signal,
    });
    const requestId = response.headers.get('x-request-id');
    if (requestId) {
      message = { ...message, requestId };
      options.onUpdate(message);
    }
    if (!response.ok) {
      const text = await response.text();
      const parsed = safeParseJsonWith({ text, schema: errorBodySchema });
      const gatewayMessage = parsed.success
        ? parsed.value.error.message
        : undefined;
      apply({
        type: 'http-error',
        status: response.status,
        message:
          // "exceeds 20971520 bytes" says little to a person.
          response.status === 413
            ? payloadTooLargeMessage(gatewayMessage)
            : (gatewayMessage ??
              `The gateway answered HTTP ${response.status}`),
        code: parsed.success
          ? String(parsed.value.error.code ?? '') || null
          : null,
        at: now(),
      });
      return message;
    }
    // Decode in small slices: one network read can hold hundreds of events,
    // and decoding them all at once would block the page. (After `[DONE]`
    // the parser reads the body to its end rather than cutting it.)
    const body = response.body?.pipeThrough(splitChunks(4096)) ?? null;
    const reader = parseChatCompletionStream(body ?? response).getReader();
    // Stop reading at once on abort, whatever the body does (cancelling the
    // reader resolves a pending read and cancels the fetch body).
    const onAbort = () => void reader.cancel().catch(() => {});
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      let sliceStart = performance.now();
      while (!options.signal.aborted) {
        const { done, value } = await reader.read();
        if (done || options.signal.aborted) break;
        apply({ type: 'part', part: value, at: now() });
        if (performance.now() - sliceStart > sliceMs) {
          await yieldToMain();
          sliceStart = performance.now();
        }
      }
    } finally {
      options.signal.removeEventListener('abort', onAbort);
    }
    if (options.signal.aborted) apply({ type: 'stopped', at: now() });
  } catch (error) {
    if (options.signal.aborted || isAbortError(error))
      apply({ type: 'stopped', at: now() });
    else
      apply({
        type: 'network-error',
        // The browser only talks to the UI's own server; the gateway behind
        // it being down is an HTTP 503 from that server, not this.
        message: `Could not reach the chat UI server: ${error instanceof Error ? error.message : String(error)}`,
        at: now(),
      });
  }
  return message;
}
