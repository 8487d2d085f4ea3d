'use client';

import { type ClipboardEvent, type DragEvent, useRef, useState } from 'react';
import type { Attachment } from '../lib/chat-types';
import {
  attachmentLimits,
  formatBytes,
  readAttachment,
} from '../lib/read-attachment';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** A request is running: show stop instead of send. */
  busy: boolean;
  /** Sending is possible (a competitor is selected). */
  canSend: boolean;
  onSend: (text: string, attachments: Attachment[]) => void;
  onStop: () => void;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line; images and files can
 * be picked, pasted or dropped, with size limits stated when exceeded.
 */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState('');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const add = async (files: File[]) => {
    const problems: string[] = [];
    const added: Attachment[] = [];
    for (const file of files) {
      if (attachments.length + added.length >= attachmentLimits.count) {
        problems.push(
          `At most ${attachmentLimits.count} attachments per message.`,
        );
        break;
      }
      const result = await readAttachment(file);
      if (result.ok) added.push(result.attachment);
      else problems.push(result.message);
    }
    setAttachments(current => [...current, ...added]);
    setProblem(problems.length > 0 ? problems.join(' ') : null);
  };
  const canSubmit =
    props.canSend &&
    !props.busy &&
    (text.trim() !== '' || attachments.length > 0);
  const submit = () => {
    if (!canSubmit) return;
    props.onSend(text.trim(), attachments);
    setText('');
    setAttachments([]);
    setProblem(null);
  };
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    void add(files);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void add([...event.dataTransfer.files]);
  };

  return (
    <form
      className={`composer${dragging ? ' dragging' : ''}`}
      data-testid="composer"
      onSubmit={event => {
        event.preventDefault();
        submit();
      }}
      onDragOver={event => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {attachments.length > 0 && (
        <div className="attachments">
          {attachments.map(item => (
            <span
              key={item.id}
              className="attachment-chip"
              data-testid="attachment-chip"
            >
              {item.kind === 'image' && (
                // biome-ignore lint/performance/noImgElement: data URL preview
                <img
                  className="attachment-mini"
                  src={item.dataUrl}
                  alt={item.name}
                />
              )}
              {item.name} · {formatBytes(item.size)}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${item.name}`}
                onClick={() =>
                  setAttachments(current =>
                    current.filter(other => other.id !== item.id),
                  )
                }
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      {problem && (
        <div className="error-text" role="alert" data-testid="attachment-error">
          {problem}
        </div>
      )}
      <div className="composer-row">
        <button
          type="button"
          className="icon-button"
          aria-label="Attach images or files"
          title={`Attach (images ≤ ${formatBytes(attachmentLimits.imageBytes)}, files ≤ ${formatBytes(attachmentLimits.fileBytes)})`}
          data-testid="attach-button"
          onClick={() => fileInput.current?.click()}
        >
          +
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={event => {
            void add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <textarea
          className="chat-input"
          data-testid="chat-input"
          aria-label="Message"
          placeholder="Message Janus"
          title="Enter sends, Shift+Enter adds a line, Esc stops"
          rows={1}
          value={text}
          onChange={event => setText(event.target.value)}
          onPaste={onPaste}
          onKeyDown={event => {
            if (
              event.key === 'Enter' &&
              !event.shiftKey &&
              !event.nativeEvent.isComposing
            ) {
              event.preventDefault();
              submit();
            }
          }}
        />
        {props.busy ? (
          <button
            type="button"
            className="send-button stop"
            data-testid="stop-button"
            onClick={props.onStop}
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className="send-button"
            data-testid="send-button"
            disabled={!canSubmit}
          >
            Send
          </button>
        )}
      </div>
    </form>
  );
}
