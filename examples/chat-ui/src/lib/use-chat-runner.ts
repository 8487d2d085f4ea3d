'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
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
}

/**
 * Runs one request at a time: appends a streaming answer, commits its state
 * at most once per animation frame (the stream can deliver thousands of
 * chunks per second), and stops it end to end on `stop()`.
 */
export function useChatRunner(options: ChatRunnerOptions) {
  const [busy, setBusy] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const { setMessages, patchMessage } = options;

  const run = useCallback(
    async (run: {
      conversationId: string;
      history: ChatMessageItem[];
      competitorId: string;
    }) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
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
        if (pending) patchMessage(run.conversationId, pending);
        pending = null;
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
        setBusy(false);
      }
    },
    [setMessages, patchMessage],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  useEffect(() => () => controller.current?.abort(), []);
  return { busy, run, stop };
}
