'use client';

import { memo } from 'react';
import type { AssistantChatMessage } from '../lib/chat-types';
import { useQuietFor } from '../lib/use-quiet-for';
import { ArtifactCard } from './artifact-card';
import { CopyButton } from './copy-button';
import { Markdown } from './markdown';
import { ReasoningPanel } from './reasoning-panel';

/** How long a streaming answer may be silent before it says it is waiting. */
const quietAfterMs = 5000;

/** Props of {@link AssistantMessageView}. */
export interface AssistantMessageViewProps {
  message: AssistantChatMessage;
  /**
   * Whether this is the last message: regenerate and retry are offered only
   * there (re-running an older answer would drop every later message).
   */
  isLast: boolean;
  /** Display name of the competitor that answered (default its id). */
  competitorName?: string;
  /** Re-run the request that produced this answer. */
  onRegenerate: (messageId: string) => void;
}

/**
 * An assistant answer: reasoning panel, markdown, artifact cards, and an
 * error box with retry (an error is never shown as answer text). Memoised:
 * only the streaming answer re-renders per frame.
 */
export const AssistantMessageView = memo(function AssistantMessageView(
  props: AssistantMessageViewProps,
) {
  const { message } = props;
  const streaming = message.status === 'streaming';
  const competitor = props.competitorName ?? message.competitorId;
  const waitingForFirst =
    streaming && message.content === '' && message.reasoning === '';
  // Keep-alives leave the message as it is: a long silence mid-answer says
  // so, rather than only the Stop button hinting that something still runs.
  const quiet = useQuietFor({
    active: streaming && !waitingForFirst,
    activity: message,
    afterMs: quietAfterMs,
  });
  return (
    <article
      className="message message-assistant"
      data-testid="message-assistant"
      data-status={message.status}
      data-competitor={message.competitorId ?? undefined}
      aria-label={competitor ? `Assistant (${competitor})` : 'Assistant'}
      aria-busy={streaming}
    >
      {message.omittedAttachments && message.omittedAttachments.length > 0 && (
        <div className="muted" data-testid="omitted-attachments">
          Sent without {message.omittedAttachments.join(', ')}: not kept
          (browser storage was full), so the competitor did not see{' '}
          {message.omittedAttachments.length === 1 ? 'it' : 'them'}.
        </div>
      )}
      <ReasoningPanel message={message} />
      {message.content !== '' && (
        <div className="assistant-content" data-testid="assistant-content">
          <Markdown source={message.content} />
        </div>
      )}
      {waitingForFirst && (
        <div
          className="typing"
          data-testid="typing-indicator"
          role="status"
          aria-label="Waiting for the answer"
        >
          <span />
          <span />
          <span />
        </div>
      )}
      {quiet && (
        <div
          className="muted waiting-note"
          data-testid="waiting-note"
          role="status"
        >
          Waiting for the competitor…
        </div>
      )}
      {message.artifacts.length > 0 && (
        <div className="artifacts" data-testid="artifacts">
          {message.artifacts.map(artifact => (
            <ArtifactCard key={artifact.id} artifact={artifact} />
          ))}
        </div>
      )}
      {message.error && (
        <div className="message-error" role="alert" data-testid="message-error">
          {/* One line: the heading, the status and the code (the box is a column). */}
          <div data-testid="message-error-title">
            <strong>
              {message.error.inStream
                ? 'The stream failed'
                : 'The request failed'}
            </strong>
            {message.error.status !== null && ` (HTTP ${message.error.status})`}
            {message.error.code && (
              <code className="error-code">{message.error.code}</code>
            )}
          </div>
          <div data-testid="message-error-text">{message.error.message}</div>
          {props.isLast && (
            <button
              type="button"
              className="small-button"
              data-testid="retry-button"
              title="Ask again with the competitor selected above"
              onClick={() => props.onRegenerate(message.id)}
            >
              Retry
            </button>
          )}
        </div>
      )}
      {message.status === 'stopped' && (
        <div className="muted" data-testid="stopped-note">
          Stopped.
        </div>
      )}
      {!streaming && (
        <footer className="message-actions">
          {message.content !== '' && (
            <CopyButton getText={() => message.content} label="Copy answer" />
          )}
          {props.isLast && message.status !== 'error' && (
            <button
              type="button"
              className="icon-button"
              data-testid="regenerate-button"
              title="Ask again with the competitor selected above"
              onClick={() => props.onRegenerate(message.id)}
            >
              Regenerate
            </button>
          )}
          <span className="muted message-meta" data-testid="message-meta">
            {[
              competitor &&
                `${message.status === 'done' ? 'answered by' : 'sent to'} ${competitor}`,
              message.model !== null &&
                message.model !== message.competitorId &&
                message.model,
              message.firstTokenMs !== null &&
                `first token ${message.firstTokenMs} ms`,
              message.durationMs !== null &&
                `${(message.durationMs / 1000).toFixed(1)} s`,
              message.usage && `${message.usage.completion_tokens} tokens`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </footer>
      )}
    </article>
  );
});
