import {
  isAbortError,
  JanusError,
  TimeoutError,
  UpstreamError,
} from '@janus/protocol';
import { isHTTPError, isTimeoutError } from 'ky';

/**
 * Maps what ky (or fetch) threw into the protocol's error family: HTTP
 * errors become {@link UpstreamError} with the status and body (and the
 * upstream's own OpenAI/Sandy error message when it sent one), ky timeouts
 * become first-byte {@link TimeoutError}s, aborts pass through unchanged.
 */
export async function toUpstreamError(options: {
  error: unknown;
  /** Names the upstream in messages, e.g. `LLM` or `Sandy`. */
  upstream: string;
  timeoutMs?: number;
}): Promise<unknown> {
  const { error, upstream } = options;
  if (isAbortError(error) || JanusError.isInstance(error)) return error;
  if (isHTTPError(error)) {
    const body = await error.response.text().catch(() => '');
    const upstreamMessage = readErrorMessage(body);
    return new UpstreamError({
      message: `${upstream} answered HTTP ${error.response.status}${upstreamMessage ? `: ${upstreamMessage}` : ''}`,
      statusCode: error.response.status,
      responseBody: body,
      upstreamCode: readErrorCode(body),
      cause: error,
    });
  }
  if (isTimeoutError(error)) {
    return new TimeoutError({
      phase: 'first_byte',
      timeoutMs: options.timeoutMs ?? 0,
      message: `${upstream} did not answer within ${options.timeoutMs ?? 0} ms`,
      cause: error,
    });
  }
  return new UpstreamError({
    message: `${upstream} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}

function parseBody(body: string): { error?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object'
      ? (value as { error?: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}

function readErrorMessage(body: string): string | undefined {
  const error = parseBody(body)?.error;
  if (typeof error === 'string') return error.slice(0, 300);
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message.slice(0, 300) : undefined;
}

function readErrorCode(body: string): string | undefined {
  const error = parseBody(body)?.error as
    | { code?: unknown; type?: unknown }
    | undefined;
  const code = error?.code ?? error?.type;
  return typeof code === 'string' ? code : undefined;
}
