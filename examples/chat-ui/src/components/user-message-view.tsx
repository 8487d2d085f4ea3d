'use client';

import { memo, useState } from 'react';
import type { UserChatMessage } from '../lib/chat-types';
import { formatBytes } from '../lib/read-attachment';
import { CopyButton } from './copy-button';

/** Props of {@link UserMessageView}. */
export interface UserMessageViewProps {
  message: UserChatMessage;
  /** Whether a request is running (editing is disabled meanwhile). */
  busy: boolean;
  /** Replace this message's text and send again from here. */
  onEditAndResend: (messageId: string, text: string) => void;
}

/** A user message with its attachments, copy, and edit-and-resend. */
export const UserMessageView = memo(function UserMessageView(
  props: UserMessageViewProps,
) {
  const { message } = props;
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    return (
      <article
        className="message message-user editing"
        data-testid="message-user"
      >
        <textarea
          className="edit-input"
          data-testid="edit-input"
          value={draft}
          onChange={event => setDraft(event.target.value)}
          rows={3}
        />
        <div className="message-actions">
          <button
            type="button"
            className="small-button primary"
            data-testid="edit-send"
            disabled={props.busy || draft.trim() === ''}
            onClick={() => {
              props.onEditAndResend(message.id, draft);
              setDraft(null);
            }}
          >
            Send
          </button>
          <button
            type="button"
            className="small-button"
            onClick={() => setDraft(null)}
          >
            Cancel
          </button>
        </div>
      </article>
    );
  }
  return (
    <article className="message message-user" data-testid="message-user">
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
              <span key={item.id} className="attachment-chip">
                {item.name} · {formatBytes(item.size)}
              </span>
            ),
          )}
        </div>
      )}
      <div className="user-text" data-testid="user-text">
        {message.text}
      </div>
      <footer className="message-actions">
        <CopyButton getText={() => message.text} label="Copy message" />
        <button
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
