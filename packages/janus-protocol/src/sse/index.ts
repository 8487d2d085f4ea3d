export { createChunkEnvelopeRepair } from './create-chunk-envelope-repair';
export { createToolCallIdRepair } from './create-tool-call-id-repair';
export { createToolCallIndexRepair } from './create-tool-call-index-repair';
export {
  encodeSseComment,
  encodeSseData,
  encodeSseError,
  encodeSseEvent,
  SSE_DONE,
  SSE_HEADERS,
  SSE_PING,
} from './encode-sse';
export {
  DEFAULT_MAX_EVENT_SIZE,
  JsonEventDecoder,
  type JsonEventStreamOptions,
} from './json-event-decoder';
export {
  type ChatStreamPart,
  parseChatCompletionStream,
} from './parse-chat-completion-stream';
export {
  JsonEventStreamTransform,
  parseJsonEventStream,
  type SseSource,
} from './parse-json-event-stream';
export {
  createSseResponse,
  type SseEncoderInput,
  SseEncoderStream,
} from './sse-encoder-stream';
export type { SseStreamPart } from './sse-stream-part';
