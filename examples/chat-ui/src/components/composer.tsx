'use client';

import {
  type ClipboardEvent,
  type DragEvent,
  type RefObject,
  useId,
  useRef,
  useState,
} from 'react';
import type { Attachment } from '../lib/chat-types';
import {
  attachmentLimits,
  formatBytes,
  readAttachment,
} from '../lib/read-attachment';
import { usePageFileDrop } from '../lib/use-page-file-drop';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** This conversation's request is running: show stop instead of send. */
  busy: boolean;
  /** Sending is possible (a competitor is selected). */
  canSend: boolean;
  /** Why sending is unavailable, shown under the box (e.g. the gateway is down). */
  blockedReason?: string | null;
  /** The message box, for the page to move focus into it. */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  /**
   * Sends the message; a string returned is why it cannot be sent (shown
   * under the box, which keeps the message), e.g. too large for the gateway.
   */
  onSend: (text: string, attachments: Attachment[]) => string | undefined;
  onStop: () => void;
}

/**
 * The message box: Enter sends, Shift+Enter adds a line; images and files can
 * be picked, pasted or dropped (anywhere on the page), with size limits
 * stated when exceeded. While picked files are being read, Send waits
 * ("Reading 2 files…"). Focus stays in the box when Send turns into Stop and
 * back.
 */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState('');
  const [attachments, setAttachmentState] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** Picked files still being read: Send waits for them. */
  const [reading, setReading] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const blockedId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  // The latest list, updated synchronously: two quick pastes read files
  // concurrently, and each must see what the other already added (a
  // render's `attachments` would be stale and let the limit be bypassed).
  const latest = useRef<Attachment[]>([]);
  const setAttachments = (next: Attachment[]) => {
    latest.current = next;
    setAttachmentState(next);
  };
  const limitMessage = `At most ${attachmentLimits.count} attachments per message.`;

  const add = async (files: File[]) => {
    if (files.length === 0) return;
    const problems: string[] = [];
    // Files are read one by one; Send waits until the last one is read (a
    // message sent meanwhile would silently leave them out).
    let unread = files.length;
    setReading(count => count + unread);
    try {
      for (const file of files) {
        if (latest.current.length >= attachmentLimits.count) {
          problems.push(limitMessage);
          break;
        }
        const result = await readAttachment(file);
        unread--;
        setReading(count => count - 1);
        if (!result.ok) problems.push(result.message);
        // Checked again after the read: another paste may have filled the list.
        else if (latest.current.length >= attachmentLimits.count) {
          problems.push(limitMessage);
          break;
        } else setAttachments([...latest.current, result.attachment]);
      }
    } finally {
      setReading(count => count - unread);
    }
    setProblem(problems.length > 0 ? problems.join(' ') : null);
  };
  // Files dropped anywhere on the page come here, as if dropped on the box.
  usePageFileDrop(files => void add(files));
  const canSubmit =
    props.canSend &&
    !props.busy &&
    reading === 0 &&
    (text.trim() !== '' || attachments.length > 0);
  const submit = () => {
    if (!canSubmit) return;
    const refused = props.onSend(text.trim(), attachments);
    if (refused !== undefined) {
      setProblem(refused);
      return;
    }
    setText('');
    setAttachments([]);
    setProblem(null);
    // Send becomes Stop: a focused Send button would vanish with focus.
    input.current?.focus();
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
                onClick={() => {
                  setAttachments(
                    latest.current.filter(other => other.id !== item.id),
                  );
                  // What it said (too many, too large) is about the list
                  // before: it no longer applies.
                  setProblem(null);
                }}
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
      {reading > 0 && (
        <div className="muted" role="status" data-testid="attachment-reading">
          Reading {reading === 1 ? '1 file' : `${reading} files`}… Send waits
          for {reading === 1 ? 'it' : 'them'}.
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
          ref={node => {
            input.current = node;
            if (props.inputRef) props.inputRef.current = node;
          }}
          className="chat-input"
          data-testid="chat-input"
          aria-label="Message"
          aria-describedby={props.blockedReason ? blockedId : undefined}
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
            onClick={() => {
              props.onStop();
              // Stop becomes Send: keep focus in the box, not on <body>.
              input.current?.focus();
            }}
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
      {props.blockedReason && (
        <div className="muted" id={blockedId} data-testid="send-blocked">
          {props.blockedReason}
        </div>
      )}
    </form>
  );
}
