import {
  type Artifact,
  type ChatStreamPart,
  JanusError,
  UpstreamError,
} from '@janus/protocol';
import type { AssistantChatMessage, ChatErrorInfo } from './chat-types';

/** Everything that can happen to an assistant answer while it streams. */
export type AssistantAction =
  /** One decoded part of the gateway's SSE stream. */
  | { type: 'part'; part: ChatStreamPart; at: number }
  /** The gateway answered with an HTTP error before any byte of a stream. */
  | {
      type: 'http-error';
      status: number;
      message: string;
      code: string | null;
      at: number;
    }
  /** The request never reached the gateway (network, proxy down). */
  | { type: 'network-error'; message: string; at: number }
  /** The browser did not send the request (e.g. `request_too_large`). */
  | { type: 'not-sent'; message: string; code: string; at: number }
  /** The user pressed stop. */
  | { type: 'stopped'; at: number };

/** Options of {@link createAssistantMessage}. */
export interface CreateAssistantMessageOptions {
  id: string;
  competitorId: string | null;
  startedAt: number;
}

/**
 * A fresh, streaming assistant message.
 *
 * @param options.id - Message id.
 * @param options.competitorId - The competitor the request goes to.
 * @param options.startedAt - Epoch ms of the send.
 */
export function createAssistantMessage(
  options: CreateAssistantMessageOptions,
): AssistantChatMessage {
  return {
    id: options.id,
    role: 'assistant',
    status: 'streaming',
    content: '',
    reasoning: '',
    timeline: [],
    artifacts: [],
    error: null,
    usage: null,
    model: null,
    competitorId: options.competitorId,
    requestId: null,
    startedAt: options.startedAt,
    firstTokenMs: null,
    durationMs: null,
  };
}

/**
 * Folds one stream action into an assistant message. Pure: returns a new
 * object when something changed and the same object otherwise (so memoised
 * views skip keep-alives). Errors never become content: an in-stream error
 * event sets `status: 'error'` and keeps the text that came before it.
 */
export function reduceAssistant(
  message: AssistantChatMessage,
  action: AssistantAction,
): AssistantChatMessage {
  const elapsed = Math.max(0, action.at - message.startedAt);
  // A finished answer ignores stragglers (e.g. the [DONE] after an error event).
  if (message.status !== 'streaming') return message;
  switch (action.type) {
    case 'stopped':
      return { ...message, status: 'stopped', durationMs: elapsed };
    case 'http-error':
      return fail(message, elapsed, {
        message: action.message,
        code: action.code,
        status: action.status,
        inStream: false,
      });
    case 'network-error':
      return fail(message, elapsed, {
        message: action.message,
        code: 'network_error',
        status: null,
        inStream: false,
      });
    case 'not-sent':
      return fail(message, elapsed, {
        message: action.message,
        code: action.code,
        status: null,
        inStream: false,
      });
    case 'part':
      return reducePart(message, action.part, elapsed);
  }
}

function reducePart(
  message: AssistantChatMessage,
  part: ChatStreamPart,
  elapsed: number,
): AssistantChatMessage {
  if (part.type === 'keep-alive') return message;
  if (part.type === 'done')
    return { ...message, status: 'done', durationMs: elapsed };
  if (part.type === 'error') return fail(message, elapsed, toErrorInfo(part));
  const chunk = part.value;
  let next = message;
  const update = (patch: Partial<AssistantChatMessage>) => {
    next =
      next === message ? { ...message, ...patch } : Object.assign(next, patch);
  };
  if (next.model === null && chunk.model) update({ model: chunk.model });
  if (chunk.usage) update({ usage: chunk.usage });
  for (const choice of chunk.choices) {
    if (choice.index !== 0) continue;
    const delta = choice.delta;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) update({ reasoning: next.reasoning + reasoning });
    if (delta.content) update({ content: next.content + delta.content });
    if ((reasoning || delta.content) && next.firstTokenMs === null)
      update({ firstTokenMs: elapsed });
    const event = delta.janus;
    if (event) {
      update({ timeline: [...next.timeline, { atMs: elapsed, event }] });
      if (event.event === 'artifacts')
        update({
          artifacts: mergeArtifacts(next.artifacts, event.payload.items),
        });
    }
  }
  return next;
}

function fail(
  message: AssistantChatMessage,
  elapsed: number,
  error: ChatErrorInfo,
): AssistantChatMessage {
  return { ...message, status: 'error', error, durationMs: elapsed };
}

function toErrorInfo(
  part: Extract<ChatStreamPart, { type: 'error' }>,
): ChatErrorInfo {
  const error = part.error;
  const upstreamCode = UpstreamError.isInstance(error)
    ? error.upstreamCode
    : undefined;
  return {
    message: error.message,
    code: upstreamCode ?? (JanusError.isInstance(error) ? error.code : null),
    status: null,
    inStream: true,
  };
}

/** Adds artifacts by id; a later descriptor for the same id replaces the earlier one. */
function mergeArtifacts(current: Artifact[], items: Artifact[]): Artifact[] {
  const byId = new Map(current.map(artifact => [artifact.id, artifact]));
  for (const item of items) byId.set(item.id, item);
  return [...byId.values()];
}
