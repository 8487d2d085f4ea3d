'use client';

import { memo, useEffect, useRef, useState } from 'react';
import type { UserChatMessage } from '../lib/chat-types';
import { formatBytes } from '../lib/read-attachment';
import { CopyButton } from './copy-button';

/** Props of {@link UserMessageView}. */
export interface UserMessageViewProps {
  message: UserChatMessage;
  /** Whether this conversation's request is running (editing is disabled meanwhile). */
  busy: boolean;
  /** Replace this message's text and send again from here. */
  onEditAndResend: (messageId: string, text: string) => void;
}

/**
 * A user message with its attachments, copy, and edit-and-resend. Edit moves
 * focus into the edit box; Esc or Cancel ends the edit and gives focus back
 * to the Edit button. Attachments whose bytes were not kept (browser storage
 * was full) say so, and the edit box says they will not be sent.
 */
export const UserMessageView = memo(function UserMessageView(
  props: UserMessageViewProps,
) {
  const { message } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (draft === null && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [draft]);
  const endEdit = () => {
    returnFocus.current = true;
    setDraft(null);
  };
  const dropped = message.attachments.filter(item => item.dataUrl === '');
  if (draft !== null) {
    return (
      <article
        className="message message-user editing"
        data-testid="message-user"
        aria-label="You (editing)"
      >
        <textarea
          // biome-ignore lint/a11y/noAutofocus: the user just asked to edit
          autoFocus
          className="edit-input"
          data-testid="edit-input"
          aria-label="Edit message"
          value={draft}
          onChange={event => setDraft(event.target.value)}
          onKeyDown={event => {
            if (event.key !== 'Escape') return;
            // Esc ends the edit; it does not stop a streaming answer.
            event.preventDefault();
            endEdit();
          }}
          rows={3}
        />
        {dropped.length > 0 && (
          <div className="muted" data-testid="edit-dropped-note">
            Not kept, will not be sent:{' '}
            {dropped.map(item => item.name).join(', ')} (browser storage was
            full).
          </div>
        )}
        <div className="message-actions">
          <button
            type="button"
            className="small-button primary"
            data-testid="edit-send"
            disabled={props.busy || draft.trim() === ''}
            onClick={() => {
              props.onEditAndResend(message.id, draft);
              endEdit();
            }}
          >
            Send
          </button>
          <button
            type="button"
            className="small-button"
            data-testid="edit-cancel"
            onClick={endEdit}
          >
            Cancel
          </button>
        </div>
      </article>
    );
  }
  return (
    <article
      className="message message-user"
      data-testid="message-user"
      aria-label="You"
    >
      {message.attachments.length > 0 && (
        <div className="attachments">
          {message.attachments.map(item =>
            item.kind === 'image' && item.dataUrl !== '' ? (
              // biome-ignore lint/performance/noImgElement: data URL thumbnails
              <img
                key={item.id}
                className="attachment-thumb"
                src={item.dataUrl}
                alt={item.name}
              />
            ) : (
              <span
                key={item.id}
                className="attachment-chip"
                data-testid="attachment-chip"
                data-dropped={item.dataUrl === ''}
                title={
                  item.dataUrl === ''
                    ? 'Browser storage was full: the file was not kept and cannot be sent again.'
                    : undefined
                }
              >
                {item.name} · {formatBytes(item.size)}
                {item.dataUrl === '' && ' · not kept'}
              </span>
            ),
          )}
        </div>
      )}
      <div className="user-text" data-testid="user-text">
        {message.text}
      </div>
      <footer className="message-actions">
        {message.text !== '' && (
          <CopyButton getText={() => message.text} label="Copy message" />
        )}
        <button
          ref={editButton}
          type="button"
          className="icon-button"
          data-testid="edit-button"
          disabled={props.busy}
          onClick={() => setDraft(message.text)}
        >
          Edit
        </button>
      </footer>
    </article>
  );
});
