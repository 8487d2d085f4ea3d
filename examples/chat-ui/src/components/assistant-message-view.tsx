'use client';

import { memo } from 'react';
import type { AssistantChatMessage } from '../lib/chat-types';
import { ArtifactCard } from './artifact-card';
import { CopyButton } from './copy-button';
import { Markdown } from './markdown';
import { ReasoningPanel } from './reasoning-panel';

/** Props of {@link AssistantMessageView}. */
export interface AssistantMessageViewProps {
  message: AssistantChatMessage;
  /** Whether this is the last message (regenerate is offered there). */
  isLast: boolean;
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
  return (
    <article
      className="message message-assistant"
      data-testid="message-assistant"
      data-status={message.status}
      aria-busy={streaming}
    >
      <ReasoningPanel message={message} />
      {message.content !== '' && (
        <div className="assistant-content" data-testid="assistant-content">
          <Markdown source={message.content} />
        </div>
      )}
      {streaming && message.content === '' && message.reasoning === '' && (
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
      {message.artifacts.length > 0 && (
        <div className="artifacts" data-testid="artifacts">
          {message.artifacts.map(artifact => (
            <ArtifactCard key={artifact.id} artifact={artifact} />
          ))}
        </div>
      )}
      {message.error && (
        <div className="message-error" role="alert" data-testid="message-error">
          <strong>
            {message.error.inStream
              ? 'The stream failed'
              : 'The request failed'}
          </strong>
          {message.error.status !== null && ` (HTTP ${message.error.status})`}
          {message.error.code && (
            <code className="error-code">{message.error.code}</code>
          )}
          <div data-testid="message-error-text">{message.error.message}</div>
          <button
            type="button"
            className="small-button"
            data-testid="retry-button"
            onClick={() => props.onRegenerate(message.id)}
          >
            Retry
          </button>
        </div>
      )}
      {message.status === 'stopped' && (
        <div className="muted" data-testid="stopped-note">
          Stopped.
        </div>
      )}
      {!streaming && (
        <footer className="message-actions">
          <CopyButton getText={() => message.content} label="Copy answer" />
          {props.isLast && message.status !== 'error' && (
            <button
              type="button"
              className="icon-button"
              data-testid="regenerate-button"
              onClick={() => props.onRegenerate(message.id)}
            >
              Regenerate
            </button>
          )}
          <span className="muted message-meta" data-testid="message-meta">
            {[
              message.model ?? message.competitorId,
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
