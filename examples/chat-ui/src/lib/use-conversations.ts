'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessageItem, Conversation } from './chat-types';
import {
  emptyStore,
  loadStore,
  type StoreState,
  saveStore,
  titleFromText,
} from './conversation-store';

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
  const [storageNote, setStorageNote] = useState<string | null>(null);
  const latest = useRef(state);
  latest.current = state;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    setState(loadStore(localStorage));
    setLoaded(true);
  }, []);

  const save = useCallback(() => {
    timer.current = null;
    const result = saveStore(localStorage, latest.current);
    setStorageNote(
      result === 'saved'
        ? null
        : result === 'saved-without-attachments'
          ? 'Browser storage is full: attachments were not kept in the history.'
          : 'Browser storage is full: this conversation is not saved.',
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
    storageNote,
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
