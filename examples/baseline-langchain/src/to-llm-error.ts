import { isAbortError, JanusError, UpstreamError } from '@janus/protocol';

/**
 * Turns what LangChain throws when the upstream LLM fails (the OpenAI SDK's
 * `APIError` with `status`, a connection error, an in-stream error event)
 * into an `UpstreamError` that keeps the LLM's message, so the client sees
 * "The LLM failed: …" instead of the kit's generic "Internal error".
 * Aborts and errors that are already Janus errors pass through unchanged.
 *
 * @param error What the LangChain call threw.
 * @returns The error to rethrow.
 */
export function toLlmError(error: unknown): unknown {
  if (JanusError.isInstance(error) || isAbortError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  const statusCode = typeof status === 'number' ? status : undefined;
  return new UpstreamError({
    message: `The LLM failed: ${message}`,
    statusCode,
    // Without a status it failed mid-answer (an error event), not unreachable.
    code: statusCode === undefined ? 'upstream_error' : undefined,
    // The answer may already be streaming; the kit never retries after it.
    isRetryable: false,
    cause: error,
  });
}
