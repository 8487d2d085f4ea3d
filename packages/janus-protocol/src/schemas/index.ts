export { type Artifact, artifactSchema } from './artifact';
export {
  type ChatCompletion,
  type ChatCompletionMessage,
  chatCompletionMessageSchema,
  chatCompletionSchema,
} from './chat-completion';
export {
  type ChatCompletionChunk,
  type ChatCompletionDelta,
  chatCompletionChunkChoiceSchema,
  chatCompletionChunkSchema,
  chatCompletionDeltaSchema,
  type FinishReason,
  finishReasonSchema,
} from './chat-completion-chunk';
export {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
} from './chat-completion-request';
export {
  type AssistantMessage,
  assistantMessageSchema,
  type ChatMessage,
  chatMessageSchema,
  systemMessageSchema,
  toolMessageSchema,
  type UserMessage,
  userMessageSchema,
} from './chat-message';
export {
  type AudioContentPart,
  audioContentPartSchema,
  type ContentPart,
  contentPartSchema,
  type FileContentPart,
  fileContentPartSchema,
  type ImageContentPart,
  imageContentPartSchema,
  refusalContentPartSchema,
  type TextContentPart,
  textContentPartSchema,
} from './content-part';
export {
  type ErrorBody,
  errorBodySchema,
  type ReceivedErrorBody,
} from './error-body';
export {
  type CompetitorHealth,
  competitorHealthSchema,
  type GatewayHealth,
  gatewayHealthSchema,
  type LlmInfo,
  llmInfoSchema,
} from './health';
export {
  artifactsEventSchema,
  type JanusEvent,
  type JanusEventName,
  type JanusEventPayload,
  janusEventSchema,
  sandboxEndEventSchema,
  sandboxStartEventSchema,
  screenshotEventSchema,
  statusEventSchema,
  toolEndEventSchema,
  toolStartEventSchema,
} from './janus-event';
export {
  type CompetitorHealthState,
  competitorHealthStateSchema,
  type Model,
  type ModelList,
  modelListSchema,
  modelSchema,
} from './models';
export {
  safeParseJsonWith,
  safeValidate,
  type ValidationResult,
} from './safe-validate';
export {
  type AgentEvent,
  type AgentOutputMessage,
  type AgentRunRequest,
  agentCompleteEventSchema,
  agentErrorEventSchema,
  agentEventSchema,
  agentFilesUpdateEventSchema,
  agentHeartbeatEventSchema,
  agentOutputEventSchema,
  agentOutputMessageSchema,
  agentProcessOutputEventSchema,
  agentRunRequestSchema,
  agentStatusEventSchema,
  type ExecRequest,
  type ExecResult,
  type ExecStreamEvent,
  execRequestSchema,
  execResultSchema,
  execStreamEventSchema,
  type FileListResponse,
  type FileReadResponse,
  type FileWriteRequest,
  fileListResponseSchema,
  fileReadResponseSchema,
  fileWriteRequestSchema,
  type SandboxCreateRequest,
  type SandboxInfo,
  type SandyErrorBody,
  sandboxCreateRequestSchema,
  sandboxInfoSchema,
  sandyErrorBodySchema,
} from './sandy';
export {
  type Tool,
  type ToolCall,
  type ToolCallDelta,
  type ToolChoice,
  toolCallDeltaSchema,
  toolCallSchema,
  toolChoiceSchema,
  toolSchema,
} from './tool';
export { type Usage, usageSchema } from './usage';
