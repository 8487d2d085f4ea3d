import type { JanusError } from '@janus/protocol';

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  name: string;
  /** The arguments object (serialised as JSON on the wire). */
  arguments: Record<string, unknown>;
}

/** What the scripted model answers, before it is streamed or accumulated. */
export type ScriptedReply =
  | {
      kind: 'fail';
      /** Answered as an HTTP error before any byte. */
      error: JanusError;
    }
  | {
      kind: 'answer';
      /** Which documented rule produced the answer (shown in the reasoning). */
      rule: string;
      /** The answer text (absent when the reply is tool calls). */
      content?: string;
      /** Tool calls instead of (or after) content. */
      toolCalls?: ScriptedToolCall[];
      /** `[[error]]`: fail after a few content pieces (HTTP status when not streaming). */
      failAfterPieces?: { pieces: number; error: JanusError };
    };
