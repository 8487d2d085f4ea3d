'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessageItem, Conversation } from './chat-types';
import {
  emptyStore,
  loadStore,
  type SaveResult,
  type StoreState,
  saveStore,
  titleFromText,
} from './conversation-store';
import { formatBytes } from './read-attachment';

/** Saves at most this often while an answer streams (a save serialises everything). */
const saveIntervalMs = 700;

/**
 * The conversation history kept in `localStorage`: load after mount (no
 * hydration mismatch), throttled saves, and one final save when the page is
 * hidden, so a reload keeps everything.
 */
export function useConversations() {
  const [state, setState] = useState<StoreState>(emptyStore);
  const [loaded, setLoaded] = useState(false);
  const [lastSave, setLastSave] = useState<SaveResult | null>(null);
  const refusedLength = useRef<number | undefined>(undefined);
  const latest = useRef(state);
  latest.current = state;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    setState(loadStore(localStorage));
    setLoaded(true);
  }, []);

  const save = useCallback(() => {
    timer.current = null;
    const result = saveStore(localStorage, latest.current, {
      refusedLength: refusedLength.current,
    });
    refusedLength.current = result.refusedLength;
    // Saves run every 700 ms while an answer streams: re-render only when
    // what the notice says changes.
    setLastSave(current =>
      current !== null && sameOutcome(current, result) ? current : result,
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every state change on purpose (it schedules the save)
  useEffect(() => {
    if (!loaded || timer.current !== null) return;
    timer.current = setTimeout(save, saveIntervalMs);
  }, [state, loaded, save]);

  useEffect(() => {
    const flush = () => {
      if (timer.current !== null) clearTimeout(timer.current);
      save();
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [save]);

  const update = useCallback(
    (id: string, change: (conversation: Conversation) => Conversation) =>
      setState(current => ({
        ...current,
        conversations: current.conversations.map(item =>
          item.id === id ? change(item) : item,
        ),
      })),
    [],
  );

  return {
    state,
    loaded,
    /** What the last save could not keep, about the open conversation (else `null`). */
    storageNote: describeSave(lastSave, state.activeId),
    /**
     * Opens an empty conversation: the existing empty one if there is one
     * (new chats never pile up), else a new one (saved only once it has a
     * message).
     */
    create: useCallback((): string => {
      const empty = latest.current.conversations.find(
        item => item.messages.length === 0,
      );
      if (empty) {
        setState(current => ({ ...current, activeId: empty.id }));
        return empty.id;
      }
      const now = Date.now();
      const conversation: Conversation = {
        id: crypto.randomUUID(),
        title: 'New chat',
        messages: [],
        createdAt: now,
        updatedAt: now,
      };
      setState(current => ({
        conversations: [conversation, ...current.conversations],
        activeId: conversation.id,
      }));
      latest.current = {
        conversations: [conversation, ...latest.current.conversations],
        activeId: conversation.id,
      };
      return conversation.id;
    }, []),
    select: useCallback(
      (id: string) => setState(current => ({ ...current, activeId: id })),
      [],
    ),
    rename: useCallback(
      (id: string, title: string) =>
        update(id, item => ({ ...item, title: title.trim() || item.title })),
      [update],
    ),
    remove: useCallback(
      (id: string) =>
        setState(current => {
          const conversations = current.conversations.filter(
            item => item.id !== id,
          );
          const activeId =
            current.activeId === id
              ? (conversations[0]?.id ?? null)
              : current.activeId;
          return { conversations, activeId };
        }),
      [],
    ),
    /**
     * Replaces a conversation's messages (send, regenerate, edit-and-resend).
     * The title follows the first user message unless the user renamed it.
     */
    setMessages: useCallback(
      (id: string, messages: ChatMessageItem[]) =>
        update(id, item => {
          const firstUser = messages.find(message => message.role === 'user');
          const before = item.messages.find(message => message.role === 'user');
          const automatic =
            item.title === 'New chat' ||
            (before !== undefined && item.title === titleFromText(before.text));
          const title =
            automatic && firstUser ? titleFromText(firstUser.text) : item.title;
          return { ...item, title, messages, updatedAt: Date.now() };
        }),
      [update],
    ),
    /** Replaces one message by id (a streaming answer's new state). */
    patchMessage: useCallback(
      (id: string, message: ChatMessageItem) =>
        update(id, item => ({
          ...item,
          messages: item.messages.map(existing =>
            existing.id === message.id ? message : existing,
          ),
        })),
      [update],
    ),
  };
}

function sameOutcome(a: SaveResult, b: SaveResult): boolean {
  return (
    a.status === b.status &&
    a.dropped.length === b.dropped.length &&
    a.dropped.every(
      (item, index) => item.attachmentId === b.dropped[index]?.attachmentId,
    )
  );
}

/**
 * The storage notice: shown in the conversation whose attachments were not
 * kept (and gone once they are, or the conversation is deleted), not in
 * every other one.
 */
function describeSave(
  save: SaveResult | null,
  activeId: string | null,
): string | null {
  if (save === null) return null;
  if (save.status === 'failed')
    return 'Browser storage is full: the latest changes to the history are not saved.';
  const here = save.dropped.filter(item => item.conversationId === activeId);
  if (here.length === 0) return null;
  const names = here
    .map(item => `${item.name} (${formatBytes(item.size)})`)
    .join(', ');
  return `Browser storage is full: ${names} ${here.length === 1 ? 'is' : 'are'} not kept in the history; after a reload ${here.length === 1 ? 'it' : 'they'} cannot be sent again.`;
}
