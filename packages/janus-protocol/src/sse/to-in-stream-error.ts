import { errorStatusTable } from '../errors/error-status-table';
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
      message: typeof value === 'string' ? value : 'Upstream stream error',
      code: 'upstream_error',
      isRetryable: false,
    });
  }
  const body = (value as { error?: unknown }).error;
  const hasErrorObject = body !== null && typeof body === 'object';
  if (!hasErrorObject && event !== 'error') return undefined;
  const details = (hasErrorObject ? body : value) as Record<string, unknown>;
  const message =
    typeof details.message === 'string'
      ? details.message
      : 'Upstream stream error';
  const rawCode = details.code ?? details.type;
  const upstreamCode = rawCode == null ? undefined : String(rawCode);
  const code =
    upstreamCode !== undefined && upstreamCode in errorStatusTable
      ? (upstreamCode as JanusErrorCode)
      : 'upstream_error';
  return new UpstreamError({
    message,
    code,
    upstreamCode,
    param: typeof details.param === 'string' ? details.param : null,
    // An error after the stream began is never retried (ARCHITECTURE.md).
    isRetryable: false,
  });
}
