import type { Attachment, ChatMessageItem, Conversation } from './chat-types';

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

/** An attachment saved without its bytes (see {@link saveStore}). */
export interface DroppedAttachment {
  conversationId: string;
  attachmentId: string;
  name: string;
  /** Size of the file, in bytes. */
  size: number;
}

/** What {@link saveStore} did. */
export interface SaveResult {
  /** `saved-without-attachments`: saved, but some attachments' bytes were dropped to fit. */
  status: 'saved' | 'saved-without-attachments' | 'failed';
  /** The attachments saved without their bytes, largest first. */
  dropped: DroppedAttachment[];
  /**
   * The shortest history (in characters) the storage refused so far: pass
   * it to the next save, which then skips attempts bound to fail.
   */
  refusedLength: number;
}

/**
 * Saves the history. Empty conversations are not kept (a reload does not
 * bring back a pile of "New chat"s). When the browser's quota is exceeded it
 * drops attachments' bytes (names and sizes stay), the largest first, until
 * the history fits: one big image goes, the small ones elsewhere stay.
 *
 * @param options.refusedLength - From the previous save's result.
 */
export function saveStore(
  storage: Pick<Storage, 'setItem'>,
  all: StoreState,
  options: { refusedLength?: number } = {},
): SaveResult {
  const conversations = all.conversations.filter(
    item => item.messages.length > 0,
  );
  const state: StoreState = {
    conversations,
    activeId: conversations.some(item => item.id === all.activeId)
      ? all.activeId
      : null,
  };
  const candidates = conversations
    .flatMap(conversation =>
      conversation.messages.flatMap(message =>
        message.role === 'user'
          ? message.attachments
              .filter(item => item.dataUrl !== '')
              .map(attachment => ({ conversation, attachment }))
          : [],
      ),
    )
    .sort((a, b) => b.attachment.dataUrl.length - a.attachment.dataUrl.length);
  const dropped: typeof candidates = [];
  let refusedLength = options.refusedLength ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const json = JSON.stringify(
      dropped.length === 0
        ? state
        : withoutData(state, new Set(dropped.map(item => item.attachment))),
    );
    if (json.length < refusedLength) {
      try {
        storage.setItem(storageKey, json);
        return {
          status: dropped.length === 0 ? 'saved' : 'saved-without-attachments',
          dropped: dropped.map(({ conversation, attachment }) => ({
            conversationId: conversation.id,
            attachmentId: attachment.id,
            name: attachment.name,
            size: attachment.size,
          })),
          refusedLength,
        };
      } catch {
        refusedLength = json.length;
      }
    }
    // Drop the largest bytes left until the history is shorter than what
    // was refused (a data URL is base64: it shortens the JSON by its length).
    let length = json.length;
    while (length >= refusedLength) {
      const next = candidates[dropped.length];
      if (next === undefined)
        return { status: 'failed', dropped: [], refusedLength };
      dropped.push(next);
      length -= next.attachment.dataUrl.length;
    }
  }
}

function withoutData(
  state: StoreState,
  dropped: ReadonlySet<Attachment>,
): StoreState {
  return {
    ...state,
    conversations: state.conversations.map(conversation => ({
      ...conversation,
      messages: conversation.messages.map(message =>
        message.role === 'user'
          ? {
              ...message,
              attachments: message.attachments.map(item =>
                dropped.has(item) ? { ...item, dataUrl: '' } : item,
              ),
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
