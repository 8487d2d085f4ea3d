'use client';

import {
  startTransition,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { createAssistantMessage, reduceAssistant } from './assistant-reducer';
import { buildChatRequest, droppedAttachments } from './build-chat-request';
import type { AssistantChatMessage, ChatMessageItem } from './chat-types';
import { requestTooLarge } from './request-size';
import { streamChat } from './stream-chat';

/** Options of {@link useChatRunner}. */
export interface ChatRunnerOptions {
  /** Replace a conversation's messages. */
  setMessages: (conversationId: string, messages: ChatMessageItem[]) => void;
  /** Replace one message of a conversation. */
  patchMessage: (conversationId: string, message: ChatMessageItem) => void;
  /**
   * Commit stream frames as React transitions (time-sliced renders); `false`
   * only for the naive baseline of the render benchmark. Default `true`.
   */
  transitions?: boolean;
}

const none: ReadonlySet<string> = new Set();

/**
 * Runs requests, at most one per conversation: each conversation streams on
 * its own, so stopping, regenerating or retrying in one never touches
 * another's answer. It appends a streaming answer, commits its state at most
 * once per animation frame (the stream can deliver thousands of chunks per
 * second), and stops it end to end on `stopConversation(id)`.
 */
export function useChatRunner(options: ChatRunnerOptions) {
  /** Conversations with a running request. */
  const [running, setRunning] = useState<ReadonlySet<string>>(none);
  const controllers = useRef(new Map<string, AbortController>());
  const { setMessages, patchMessage } = options;
  const transitions = options.transitions ?? true;

  const run = useCallback(
    async (run: {
      conversationId: string;
      history: ChatMessageItem[];
      competitorId: string;
    }) => {
      const { conversationId } = run;
      // A new request in the same conversation replaces its old one (and
      // only that one).
      controllers.current.get(conversationId)?.abort();
      const abort = new AbortController();
      controllers.current.set(conversationId, abort);
      setRunning(current => new Set(current).add(conversationId));
      const omitted = droppedAttachments(run.history);
      const assistant: AssistantChatMessage = {
        ...createAssistantMessage({
          id: crypto.randomUUID(),
          competitorId: run.competitorId,
          startedAt: Date.now(),
        }),
        ...(omitted.length > 0 && { omittedAttachments: omitted }),
      };
      setMessages(conversationId, [...run.history, assistant]);
      let pending: AssistantChatMessage | null = null;
      let frame = 0;
      const commit = () => {
        frame = 0;
        const message = pending;
        pending = null;
        // A transition: React renders it in 5 ms slices and yields to input
        // and painting in between, so a frame with much new text never
        // becomes a long task.
        if (!message) return;
        if (transitions)
          startTransition(() => patchMessage(conversationId, message));
        else patchMessage(conversationId, message);
      };
      const body = buildChatRequest({
        messages: run.history,
        competitorId: run.competitorId,
      });
      // Never upload what the gateway would refuse as too large (HTTP 413,
      // after the whole upload); Retry and Regenerate come through here too.
      const tooLarge = requestTooLarge(body);
      const final = tooLarge
        ? reduceAssistant(assistant, {
            type: 'not-sent',
            message: tooLarge,
            code: 'request_too_large',
            at: Date.now(),
          })
        : await streamChat({
            body,
            message: assistant,
            signal: abort.signal,
            onUpdate: message => {
              pending = message;
              if (frame === 0) frame = requestAnimationFrame(commit);
            },
          });
      if (frame !== 0) cancelAnimationFrame(frame);
      patchMessage(conversationId, final);
      if (controllers.current.get(conversationId) === abort) {
        controllers.current.delete(conversationId);
        setRunning(current => {
          const next = new Set(current);
          next.delete(conversationId);
          return next;
        });
      }
    },
    [setMessages, patchMessage, transitions],
  );

  /** Stops the request of `conversationId`, if it has one (stop, Esc, delete). */
  const stopConversation = useCallback((conversationId: string) => {
    controllers.current.get(conversationId)?.abort();
  }, []);
  /** Whether `conversationId` has a running request. */
  const isRunning = useCallback(
    (conversationId: string | null | undefined) =>
      conversationId != null && running.has(conversationId),
    [running],
  );
  useEffect(() => {
    const all = controllers.current;
    return () => {
      for (const controller of all.values()) controller.abort();
    };
  }, []);
  return { running, isRunning, run, stopConversation };
}
