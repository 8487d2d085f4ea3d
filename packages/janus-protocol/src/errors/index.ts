export {
  errorCodeForStatus,
  errorStatusTable,
  type OpenAIErrorType,
  statusForErrorCode,
} from './error-status-table';
export {
  JanusError,
  type JanusErrorCode,
  type JanusErrorOptions,
} from './janus-error';
export { ProtocolValidationError } from './protocol-validation-error';
export { SseParseError, type SseParseErrorKind } from './sse-parse-error';
export { TimeoutError, type TimeoutPhase } from './timeout-error';
export {
  createErrorResponse,
  toErrorBody,
  toErrorStatus,
} from './to-error-body';
export { isAbortError, toJanusError } from './to-janus-error';
export { UpstreamError } from './upstream-error';
