import { JanusError } from '@janus/protocol';

/** 404: no sandbox with this id (or it was forgotten long after terminating). */
export function sandboxNotFound(id: string): JanusError {
  return new JanusError({
    message: `Sandbox '${id}' not found`,
    code: 'not_found',
  });
}

/** 409: the sandbox exists but was terminated (by a client or its TTL). */
export function sandboxTerminated(id: string, reason: string): JanusError {
  return new JanusError({
    message: `Sandbox '${id}' is terminated (${reason})`,
    code: 'conflict',
  });
}

/** 400 with a message and the offending field. */
export function invalidRequest(message: string, param?: string): JanusError {
  return new JanusError({ message, code: 'invalid_request', param });
}

/** 413: a body, file or write beyond a configured size. */
export function payloadTooLarge(message: string): JanusError {
  return new JanusError({ message, code: 'payload_too_large' });
}

/** Errors answered with 415 (the shared status table has no code for it). */
const unsupportedMediaTypeErrors = new WeakSet<JanusError>();

/** 415: a request body that is not declared `application/json`. */
export function unsupportedMediaType(message: string): JanusError {
  const error = new JanusError({
    message,
    code: 'invalid_request',
    param: 'content-type',
  });
  unsupportedMediaTypeErrors.add(error);
  return error;
}

/** The status that overrides the error table for `error`, if any. */
export function statusOverrideFor(error: JanusError): number | undefined {
  return unsupportedMediaTypeErrors.has(error) ? 415 : undefined;
}
