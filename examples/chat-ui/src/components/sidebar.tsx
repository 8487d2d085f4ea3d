'use client';

import { memo, useEffect, useRef, useState } from 'react';
import type { Conversation } from '../lib/chat-types';
import { searchConversations } from '../lib/conversation-store';

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  conversations: Conversation[];
  activeId: string | null;
  /** Shown as an overlay (mobile) when true. */
  open: boolean;
  /** Esc in the open overlay. */
  onClose: () => void;
  onNew: () => void;
  onSelect: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}

/**
 * The conversation history: new, search, select, rename, delete (asked
 * once more in the row: a deleted conversation cannot come back). On a phone
 * it is an overlay: opening it moves focus into it, Esc closes it, and while
 * closed it is hidden from the tab order (CSS `visibility`).
 */
export const Sidebar = memo(function Sidebar(props: SidebarProps) {
  const [query, setQuery] = useState('');
  const [renaming, setRenaming] = useState<{
    id: string;
    title: string;
  } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const newChat = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.open) newChat.current?.focus();
  }, [props.open]);
  const list = searchConversations(props.conversations, query);
  return (
    <aside
      className="sidebar"
      data-open={props.open}
      data-testid="sidebar"
      aria-label="Conversation history"
      onKeyDown={event => {
        if (event.key === 'Escape' && props.open) props.onClose();
      }}
    >
      <button
        ref={newChat}
        type="button"
        className="new-chat"
        data-testid="new-chat"
        onClick={props.onNew}
      >
        + New chat
      </button>
      <input
        className="search"
        type="search"
        placeholder="Search conversations"
        aria-label="Search conversations"
        data-testid="conversation-search"
        value={query}
        onChange={event => setQuery(event.target.value)}
      />
      <ul className="conversation-list">
        {list.map(conversation => (
          <li
            key={conversation.id}
            className={
              conversation.id === props.activeId ? 'active' : undefined
            }
            data-testid="conversation-item"
            data-active={conversation.id === props.activeId}
          >
            {renaming?.id === conversation.id ? (
              <form
                onSubmit={event => {
                  event.preventDefault();
                  props.onRename(renaming.id, renaming.title);
                  setRenaming(null);
                }}
              >
                <input
                  // biome-ignore lint/a11y/noAutofocus: the user just asked to rename
                  autoFocus
                  className="rename-input"
                  data-testid="rename-input"
                  value={renaming.title}
                  onChange={event =>
                    setRenaming({
                      id: conversation.id,
                      title: event.target.value,
                    })
                  }
                  onBlur={() => setRenaming(null)}
                  onKeyDown={event => {
                    if (event.key !== 'Escape') return;
                    // Esc ends the rename, not the overlay.
                    event.stopPropagation();
                    setRenaming(null);
                  }}
                />
              </form>
            ) : confirming === conversation.id ? (
              <fieldset
                className="confirm-delete"
                aria-label={`Delete "${conversation.title}"?`}
                onKeyDown={event => {
                  if (event.key !== 'Escape') return;
                  event.stopPropagation();
                  setConfirming(null);
                }}
              >
                <span className="conversation-title">
                  Delete “{conversation.title}”?
                </span>
                <button
                  // biome-ignore lint/a11y/noAutofocus: the user just asked to delete
                  autoFocus
                  type="button"
                  className="danger-button"
                  data-testid="confirm-delete"
                  onClick={() => {
                    setConfirming(null);
                    props.onDelete(conversation.id);
                  }}
                >
                  Delete
                </button>
                <button
                  type="button"
                  className="icon-button"
                  data-testid="cancel-delete"
                  onClick={() => setConfirming(null)}
                >
                  Cancel
                </button>
              </fieldset>
            ) : (
              <>
                <button
                  type="button"
                  className="conversation-title"
                  data-testid="conversation-title"
                  onClick={() => props.onSelect(conversation.id)}
                >
                  {conversation.title}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Rename "${conversation.title}"`}
                  data-testid="rename-conversation"
                  onClick={() =>
                    setRenaming({
                      id: conversation.id,
                      title: conversation.title,
                    })
                  }
                >
                  ✎
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Delete "${conversation.title}"`}
                  data-testid="delete-conversation"
                  onClick={() => setConfirming(conversation.id)}
                >
                  ×
                </button>
              </>
            )}
          </li>
        ))}
        {list.length === 0 && <li className="muted">No conversations</li>}
      </ul>
    </aside>
  );
});
