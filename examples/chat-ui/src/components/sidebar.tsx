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
 * once more in the row: a deleted conversation cannot come back). Ending a
 * rename or a delete question gives focus back to the row (or, after a
 * delete, to the next row or "+ New chat"). On a phone it is an overlay, a
 * modal dialog while open (the page behind is `inert`): opening it moves
 * focus into it, Esc anywhere in it closes it, and while closed it is hidden
 * from the tab order (CSS `visibility`). Every Esc it handles is
 * `preventDefault`ed, so it never also stops a streaming answer.
 */
export const Sidebar = memo(function Sidebar(props: SidebarProps) {
  const [query, setQuery] = useState('');
  const [renaming, setRenaming] = useState<{
    id: string;
    title: string;
  } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const newChat = useRef<HTMLButtonElement>(null);
  const aside = useRef<HTMLElement>(null);
  /** Where focus goes after the next render (a row's title or the new-chat button). */
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (props.open) newChat.current?.focus();
  }, [props.open]);
  useEffect(() => {
    if (focusNext.current === null) return;
    const id = focusNext.current;
    focusNext.current = null;
    const row = aside.current?.querySelector<HTMLElement>(
      `[data-conversation-id="${CSS.escape(id)}"] [data-testid="conversation-title"]`,
    );
    (row ?? newChat.current)?.focus();
  });
  const list = searchConversations(props.conversations, query);
  /** Ends a rename or delete question and gives focus back to a row. */
  const backTo = (id: string) => {
    focusNext.current = id;
    setRenaming(null);
    setConfirming(null);
  };
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-modal is set only together with role="dialog" (while the overlay is open)
    <aside
      ref={aside}
      className="sidebar"
      data-open={props.open}
      data-testid="sidebar"
      aria-label="Conversation history"
      role={props.open ? 'dialog' : undefined}
      aria-modal={props.open ? true : undefined}
      onKeyDown={event => {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        if (props.open) {
          event.preventDefault();
          props.onClose();
        }
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
        onKeyDown={event => {
          if (event.key !== 'Escape' || query === '') return;
          // Esc clears the search first (then closes the overlay).
          event.preventDefault();
          setQuery('');
        }}
      />
      <ul className="conversation-list">
        {list.map(conversation => (
          <li
            key={conversation.id}
            className={
              conversation.id === props.activeId ? 'active' : undefined
            }
            data-testid="conversation-item"
            data-conversation-id={conversation.id}
            data-active={conversation.id === props.activeId}
          >
            {renaming?.id === conversation.id ? (
              <form
                onSubmit={event => {
                  event.preventDefault();
                  props.onRename(renaming.id, renaming.title);
                  backTo(conversation.id);
                }}
              >
                <input
                  // biome-ignore lint/a11y/noAutofocus: the user just asked to rename
                  autoFocus
                  className="rename-input"
                  data-testid="rename-input"
                  aria-label={`New title for "${conversation.title}"`}
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
                    // Esc ends the rename, not the overlay or the answer.
                    event.preventDefault();
                    event.stopPropagation();
                    backTo(conversation.id);
                  }}
                />
              </form>
            ) : confirming === conversation.id ? (
              <fieldset
                className="confirm-delete"
                aria-label={`Delete "${conversation.title}"?`}
                onKeyDown={event => {
                  if (event.key !== 'Escape') return;
                  event.preventDefault();
                  event.stopPropagation();
                  backTo(conversation.id);
                }}
              >
                {/* Wraps (not cut to "Co…") and keeps the full title as a tooltip. */}
                <span
                  className="confirm-title"
                  data-testid="confirm-delete-title"
                  title={conversation.title}
                >
                  Delete “{conversation.title}”?
                </span>
                <button
                  // biome-ignore lint/a11y/noAutofocus: the user just asked to delete
                  autoFocus
                  type="button"
                  className="danger-button"
                  data-testid="confirm-delete"
                  onClick={() => {
                    const index = list.indexOf(conversation);
                    const neighbour = list[index + 1] ?? list[index - 1];
                    backTo(neighbour?.id ?? '');
                    props.onDelete(conversation.id);
                  }}
                >
                  Delete
                </button>
                <button
                  type="button"
                  className="icon-button"
                  data-testid="cancel-delete"
                  onClick={() => backTo(conversation.id)}
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
                  title={conversation.title}
                  aria-current={
                    conversation.id === props.activeId ? 'true' : undefined
                  }
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
        {list.length === 0 && (
          <li className="muted" data-testid="conversation-list-empty">
            {query.trim() !== '' && props.conversations.length > 0
              ? `No conversations match “${query.trim()}”`
              : 'No conversations'}
          </li>
        )}
      </ul>
    </aside>
  );
});
