'use client';

import {
  startTransition,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { createAssistantMessage } from './assistant-reducer';
import { buildChatRequest } from './build-chat-request';
import type { AssistantChatMessage, ChatMessageItem } from './chat-types';
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

/**
 * Runs one request at a time: appends a streaming answer, commits its state
 * at most once per animation frame (the stream can deliver thousands of
 * chunks per second), and stops it end to end on `stop()`.
 */
export function useChatRunner(options: ChatRunnerOptions) {
  const [busy, setBusy] = useState(false);
  const controller = useRef<AbortController | null>(null);
  /** The conversation the running request belongs to. */
  const runningIn = useRef<string | null>(null);
  const { setMessages, patchMessage } = options;
  const transitions = options.transitions ?? true;

  const run = useCallback(
    async (run: {
      conversationId: string;
      history: ChatMessageItem[];
      competitorId: string;
    }) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      runningIn.current = run.conversationId;
      setBusy(true);
      const assistant = createAssistantMessage({
        id: crypto.randomUUID(),
        competitorId: run.competitorId,
        startedAt: Date.now(),
      });
      setMessages(run.conversationId, [...run.history, assistant]);
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
          startTransition(() => patchMessage(run.conversationId, message));
        else patchMessage(run.conversationId, message);
      };
      const final = await streamChat({
        body: buildChatRequest({
          messages: run.history,
          competitorId: run.competitorId,
        }),
        message: assistant,
        signal: abort.signal,
        onUpdate: message => {
          pending = message;
          if (frame === 0) frame = requestAnimationFrame(commit);
        },
      });
      if (frame !== 0) cancelAnimationFrame(frame);
      patchMessage(run.conversationId, final);
      if (controller.current === abort) {
        controller.current = null;
        runningIn.current = null;
        setBusy(false);
      }
    },
    [setMessages, patchMessage, transitions],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  /** Stops the request only if it belongs to `conversationId` (e.g. it is being deleted). */
  const stopConversation = useCallback((conversationId: string) => {
    if (runningIn.current === conversationId) controller.current?.abort();
  }, []);
  useEffect(() => () => controller.current?.abort(), []);
  return { busy, run, stop, stopConversation };
}
