import type { Artifact, JanusEvent, Usage } from '@janus/protocol';

/** A file the user attached to a message, kept as a `data:` URL. */
export interface Attachment {
  /** Local id (for React keys and removal). */
  id: string;
  /** `image` becomes an `image_url` part, `file` a `file` part. */
  kind: 'image' | 'file';
  name: string;
  mimeType: string;
  /** Size of the original bytes. */
  size: number;
  /**
   * `data:<mime>;base64,…`. Empty when it was dropped to fit the browser's
   * storage quota: the message still shows the attachment's name, marked
   * "not kept", and requests built later cannot send it.
   */
  dataUrl: string;
}

/** A message the user sent. */
export interface UserChatMessage {
  id: string;
  role: 'user';
  text: string;
  attachments: Attachment[];
  createdAt: number;
}

/** One Janus event on the reasoning timeline, with its time since the request. */
export interface TimelineEntry {
  /** Milliseconds since the request was sent. */
  atMs: number;
  event: JanusEvent;
}

/** An error from the gateway: an HTTP error body or an in-stream error event. */
export interface ChatErrorInfo {
  message: string;
  /** OpenAI/Janus error code, when the gateway sent one. */
  code: string | null;
  /** HTTP status when the error came before the stream. */
  status: number | null;
  /** Whether it happened after the stream began (an in-stream error event). */
  inStream: boolean;
}

/** Lifecycle of an assistant answer. */
export type AssistantStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** An answer streamed from a competitor. */
export interface AssistantChatMessage {
  id: string;
  role: 'assistant';
  status: AssistantStatus;
  content: string;
  reasoning: string;
  timeline: TimelineEntry[];
  artifacts: Artifact[];
  error: ChatErrorInfo | null;
  usage: Usage | null;
  /** The `model` of the chunks (what the gateway/competitor reported). */
  model: string | null;
  /** The competitor it was sent to. */
  competitorId: string | null;
  /** `x-request-id` of the gateway response. */
  requestId: string | null;
  /** Epoch ms when the request was sent. */
  startedAt: number;
  /** Milliseconds from send to the first content or reasoning token. */
  firstTokenMs: number | null;
  /** Milliseconds from send to the end of the stream. */
  durationMs: number | null;
  /**
   * Attachments of the request's history that could not be sent: their bytes
   * were not kept (browser storage was full). Absent when none.
   */
  omittedAttachments?: string[];
}

/** Any message of a conversation. */
export type ChatMessageItem = UserChatMessage | AssistantChatMessage;

/** A conversation kept in the browser. */
export interface Conversation {
  id: string;
  title: string;
  messages: ChatMessageItem[];
  createdAt: number;
  updatedAt: number;
}
