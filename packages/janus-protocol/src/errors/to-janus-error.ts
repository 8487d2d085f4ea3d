import { JanusError } from './janus-error';
import { TimeoutError } from './timeout-error';

/**
 * Normalises any thrown value into a {@link JanusError} at a handler boundary
 * (STYLE.md 6.3). Janus errors pass through; `AbortError`s become `cancelled`;
 * `TimeoutError` DOMExceptions become a total timeout; everything else is an
 * `internal_error` whose message does not leak internals.
 */
export function toJanusError(error: unknown): JanusError {
  if (JanusError.isInstance(error)) return error;
  if (isAbortError(error)) {
    return new JanusError({
      message: 'The request was cancelled',
      code: 'cancelled',
      cause: error,
    });
  }
  // Duck-typed: a DOMException from another realm (edge runtime) is not an
  // `instanceof Error` here.
  if (hasName(error, 'TimeoutError')) {
    return new TimeoutError({
      phase: 'total',
      timeoutMs: 0,
      message: messageOf(error) ?? 'Timed out',
      cause: error,
    });
  }
  return new JanusError({
    message: 'Internal error',
    code: 'internal_error',
    cause: error,
  });
}

/**
 * Whether `error` is an abort (`AbortError` DOMException, or an abort reason
 * that is not an Error at all, which undici passes through as-is).
 */
export function isAbortError(error: unknown): boolean {
  if (error == null) return false;
  if (typeof error === 'object' && 'name' in error) {
    const name = (error as { name?: unknown }).name;
    return name === 'AbortError' || name === 'ResponseAborted';
  }
  return false;
}

function hasName(error: unknown, name: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === name
  );
}

/** A thrown value's `message` when it is a string (a duck-typed error's may be anything). */
function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
