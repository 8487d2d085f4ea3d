import {
  errorCodeForStatus,
  errorStatusTable,
} from '../errors/error-status-table';
import type { JanusErrorCode } from '../errors/janus-error';
import { UpstreamError } from '../errors/upstream-error';

/**
 * `{"error":{message,…}}` (OpenAI, LiteLLM, Janus) or `event: error` → an UpstreamError.
 *
 * @internal
 */
export function toInStreamError(
  value: unknown,
  event: string | undefined,
): UpstreamError | undefined {
  if (value === null || typeof value !== 'object') {
    if (event !== 'error') return undefined;
    return new UpstreamError({
      message:
        typeof value === 'string'
          ? boundMessage(value)
          : 'Upstream stream error',
      code: 'upstream_error',
      isRetryable: false,
    });
  }
  const body = (value as { error?: unknown }).error;
  // A string `error` is not read as one: Sandy's agent events carry
  // `{"type":"error","error":"…"}` as data.
  const hasErrorObject = body !== null && typeof body === 'object';
  if (!hasErrorObject && event !== 'error') return undefined;
  const details = (hasErrorObject ? body : value) as Record<string, unknown>;
  const message =
    typeof details.message === 'string'
      ? boundMessage(details.message)
      : 'Upstream stream error';
  const rawCode = details.code ?? details.type;
  // Only a string or a number is a code; anything else (an object, which
  // may not even convert to a string) is none.
  const upstreamCode =
    typeof rawCode === 'string' || typeof rawCode === 'number'
      ? String(rawCode).slice(0, maxCodeChars)
      : undefined;
  // Some providers put an HTTP status in `code` (OpenRouter: 429, 502).
  const status =
    typeof rawCode === 'number' && rawCode >= 400 && rawCode <= 599
      ? rawCode
      : undefined;
  return new UpstreamError({
    message,
    code: toCode(upstreamCode, status),
    statusCode: status,
    upstreamCode,
    param: typeof details.param === 'string' ? details.param : null,
    // An error after the stream began is never retried (docs/gateway.md, Retries).
    isRetryable: false,
  });
}

/** Longest upstream message kept: providers' messages are far shorter. */
const maxMessageChars = 4096;
/** Longest upstream code kept. */
const maxCodeChars = 200;

/** An upstream message, cut to {@link maxMessageChars} (it reaches clients and logs). */
function boundMessage(message: string): string {
  return message.length > maxMessageChars
    ? `${message.slice(0, maxMessageChars)}… (${message.length} characters)`
    : message;
}

function toCode(
  upstreamCode: string | undefined,
  status: number | undefined,
): JanusErrorCode {
  // `Object.hasOwn`, not `in`: an upstream code such as `constructor` must
  // not match the table's prototype.
  if (
    upstreamCode !== undefined &&
    Object.hasOwn(errorStatusTable, upstreamCode)
  )
    return upstreamCode as JanusErrorCode;
  return status === undefined ? 'upstream_error' : errorCodeForStatus(status);
}
