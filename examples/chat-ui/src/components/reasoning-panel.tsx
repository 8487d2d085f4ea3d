'use client';

import { useEffect, useRef, useState } from 'react';
import type { AssistantChatMessage } from '../lib/chat-types';
import { describeJanusEvent } from '../lib/describe-janus-event';

/**
 * A screenshot's image source: `data:` URLs as they are, gateway artifact
 * URLs through the same-origin artifact proxy, nothing else.
 */
export function screenshotSrc(url: string): string | undefined {
  if (url.startsWith('data:image/')) return url;
  const id = /\/v1\/artifacts\/(artf_[A-Za-z0-9_-]+)/.exec(url)?.[1];
  return id ? `/api/artifacts/${id}` : undefined;
}

/**
 * The collapsible "thinking" panel: `reasoning_content` text and a timeline of
 * Janus events (sandbox, tools, artifacts, status). Open while the competitor
 * thinks (no answer text yet), collapsed once the answer starts or the stream
 * ends; the user can always toggle it.
 *
 * @param props.message - The assistant message.
 */
export function ReasoningPanel(props: { message: AssistantChatMessage }) {
  const { message } = props;
  const thinking = message.status === 'streaming' && message.content === '';
  const [open, setOpen] = useState(thinking);
  const wasThinking = useRef(thinking);
  useEffect(() => {
    if (wasThinking.current !== thinking) setOpen(thinking);
    wasThinking.current = thinking;
  }, [thinking]);
  if (message.reasoning === '' && message.timeline.length === 0) return null;
  return (
    <section
      className="reasoning"
      data-testid="reasoning-panel"
      data-state={open ? 'open' : 'closed'}
    >
      <button
        type="button"
        className="reasoning-toggle"
        data-testid="reasoning-toggle"
        aria-expanded={open}
        onClick={() => setOpen(value => !value)}
      >
        {thinking ? 'Thinking…' : 'Reasoning'}
        {message.timeline.length > 0 && (
          <span className="muted">
            {' '}
            · {message.timeline.length}{' '}
            {message.timeline.length === 1 ? 'event' : 'events'}
          </span>
        )}
      </button>
      {open && (
        <div className="reasoning-body">
          {message.timeline.length > 0 && (
            <ol className="timeline" data-testid="timeline">
              {message.timeline.map((entry, index) => (
                <li
                  // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
                  key={index}
                  data-testid="timeline-event"
                  data-event={entry.event.event}
                >
                  <span className="timeline-time">
                    +{(entry.atMs / 1000).toFixed(1)}s
                  </span>
                  {describeJanusEvent(entry.event)}
                  {entry.event.event === 'screenshot' && (
                    // biome-ignore lint/performance/noImgElement: gateway-proxied screenshot
                    <img
                      className="timeline-screenshot"
                      src={screenshotSrc(entry.event.payload.url)}
                      alt={entry.event.payload.title ?? 'Screenshot'}
                      loading="lazy"
                    />
                  )}
                </li>
              ))}
            </ol>
          )}
          {message.reasoning !== '' && (
            <pre className="reasoning-text" data-testid="reasoning-text">
              {message.reasoning}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
