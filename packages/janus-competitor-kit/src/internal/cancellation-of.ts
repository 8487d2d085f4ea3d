import { JanusError } from '@janus/protocol';

/**
 * What an aborted request is answered: the abort reason when it is a
 * `JanusError` (a shutdown's 503, say), else `cancelled`.
 */
export function cancellationOf(signal: AbortSignal): JanusError {
  return JanusError.isInstance(signal.reason)
    ? signal.reason
    : new JanusError({
        message: 'The request was cancelled',
        code: 'cancelled',
      });
}
