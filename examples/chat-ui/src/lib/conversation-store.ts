import type { ChatMessageItem, Conversation } from './chat-types';

/** The localStorage key of the conversation history. */
export const storageKey = 'janus-chat-ui:v1';

/** What the browser keeps: the conversations and which one is open. */
export interface StoreState {
  conversations: Conversation[];
  activeId: string | null;
}

/** The empty history. */
export const emptyStore: StoreState = { conversations: [], activeId: null };

/**
 * Loads the history from storage. Anything unreadable gives the empty
 * history; an answer that was still streaming when the page went away is
 * marked `stopped` (its request died with the page).
 *
 * @param storage - `localStorage` (or a stand-in in tests).
 */
export function loadStore(storage: Pick<Storage, 'getItem'>): StoreState {
  try {
    const raw = storage.getItem(storageKey);
    if (raw === null) return emptyStore;
    const parsed = JSON.parse(raw) as Partial<StoreState>;
    if (!Array.isArray(parsed.conversations)) return emptyStore;
    const conversations = parsed.conversations.map(conversation => ({
      ...conversation,
      messages: conversation.messages.map(message =>
        message.role === 'assistant' && message.status === 'streaming'
          ? { ...message, status: 'stopped' as const }
          : message,
      ),
    }));
    const activeId = conversations.some(item => item.id === parsed.activeId)
      ? (parsed.activeId ?? null)
      : (conversations[0]?.id ?? null);
    return { conversations, activeId };
  } catch {
    return emptyStore;
  }
}

/**
 * Saves the history. Empty conversations are not kept (a reload does not
 * bring back a pile of "New chat"s). When the browser's quota is exceeded it
 * retries without the attachments' bytes (names and sizes stay) and reports
 * that it did.
 *
 * @returns `saved`, `saved-without-attachments` or `failed`.
 */
export function saveStore(
  storage: Pick<Storage, 'setItem'>,
  all: StoreState,
): 'saved' | 'saved-without-attachments' | 'failed' {
  const conversations = all.conversations.filter(
    item => item.messages.length > 0,
  );
  const state: StoreState = {
    conversations,
    activeId: conversations.some(item => item.id === all.activeId)
      ? all.activeId
      : null,
  };
  try {
    storage.setItem(storageKey, JSON.stringify(state));
    return 'saved';
  } catch {
    try {
      storage.setItem(storageKey, JSON.stringify(stripAttachmentData(state)));
      return 'saved-without-attachments';
    } catch {
      return 'failed';
    }
  }
}

function stripAttachmentData(state: StoreState): StoreState {
  return {
    ...state,
    conversations: state.conversations.map(conversation => ({
      ...conversation,
      messages: conversation.messages.map(message =>
        message.role === 'user'
          ? {
              ...message,
              attachments: message.attachments.map(item => ({
                ...item,
                dataUrl: '',
              })),
            }
          : message,
      ),
    })),
  };
}

/**
 * A conversation title from the first user text: one line, at most 50 characters.
 *
 * @param text - The first user message.
 */
export function titleFromText(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  if (line === '') return 'New chat';
  return line.length > 50 ? `${line.slice(0, 50)}…` : line;
}

/**
 * Conversations whose title or any message text contains `query`
 * (case-insensitive), newest first.
 */
export function searchConversations(
  conversations: Conversation[],
  query: string,
): Conversation[] {
  const needle = query.trim().toLowerCase();
  const sorted = [...conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  if (needle === '') return sorted;
  return sorted.filter(
    conversation =>
      conversation.title.toLowerCase().includes(needle) ||
      conversation.messages.some(message =>
        textOf(message).toLowerCase().includes(needle),
      ),
  );
}

function textOf(message: ChatMessageItem): string {
  return message.role === 'user' ? message.text : message.content;
}
