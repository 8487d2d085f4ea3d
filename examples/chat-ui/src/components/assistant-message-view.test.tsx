import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createAssistantMessage } from '../lib/assistant-reducer';
import type { AssistantChatMessage } from '../lib/chat-types';
import { AssistantMessageView } from './assistant-message-view';

function message(patch: Partial<AssistantChatMessage>): AssistantChatMessage {
  return {
    ...createAssistantMessage({ id: 'm1', competitorId: 'c', startedAt: 0 }),
    ...patch,
  };
}

describe('AssistantMessageView', () => {
  it('should open the reasoning panel while thinking and collapse it once the answer starts', () => {
    const onRegenerate = vi.fn();
    const thinking = message({
      reasoning: 'Looking at the request',
      timeline: [
        {
          atMs: 5,
          event: { event: 'sandbox_start', payload: { sandbox_id: 'sbx' } },
        },
      ],
    });
    const { rerender } = render(
      <AssistantMessageView
        message={thinking}
        isLast
        onRegenerate={onRegenerate}
      />,
    );
    expect(screen.getByTestId('reasoning-panel').dataset.state).toBe('open');
    expect(screen.getByTestId('reasoning-text').textContent).toBe(
      'Looking at the request',
    );
    expect(screen.getByTestId('timeline-event').textContent).toContain(
      'Sandbox started (sbx)',
    );
    rerender(
      <AssistantMessageView
        message={{ ...thinking, content: 'The answer' }}
        isLast
        onRegenerate={onRegenerate}
      />,
    );
    expect(screen.getByTestId('reasoning-panel').dataset.state).toBe('closed');
    fireEvent.click(screen.getByTestId('reasoning-toggle'));
    expect(screen.getByTestId('reasoning-panel').dataset.state).toBe('open');
  });

  it('should announce the wait before the first token to screen readers', () => {
    render(
      <AssistantMessageView
        message={message({})}
        isLast
        onRegenerate={vi.fn()}
      />,
    );
    expect(screen.getByRole('status').getAttribute('aria-label')).toBe(
      'Waiting for the answer',
    );
  });

  it('should say it is waiting for the competitor after a few silent seconds mid-answer', () => {
    vi.useFakeTimers();
    try {
      const streaming = message({ content: 'The first half' });
      const view = (value: AssistantChatMessage) => (
        <AssistantMessageView message={value} isLast onRegenerate={vi.fn()} />
      );
      const { rerender } = render(view(streaming));
      act(() => vi.advanceTimersByTime(4900));
      expect(screen.queryByTestId('waiting-note')).toBeNull();
      // Keep-alives leave the message as it is: the silence goes on.
      rerender(view(streaming));
      act(() => vi.advanceTimersByTime(200));
      expect(screen.getByTestId('waiting-note').textContent).toBe(
        'Waiting for the competitor…',
      );
      // A token ends the wait at once.
      const more = { ...streaming, content: 'The first half, then more' };
      rerender(view(more));
      expect(screen.queryByTestId('waiting-note')).toBeNull();
      act(() => vi.advanceTimersByTime(5000));
      expect(screen.getByTestId('waiting-note')).toBeTruthy();
      rerender(view({ ...more, status: 'done' }));
      expect(screen.queryByTestId('waiting-note')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('should show an error as an error with retry, not as answer text', () => {
    const onRegenerate = vi.fn();
    render(
      <AssistantMessageView
        message={message({
          status: 'error',
          content: 'partial',
          error: {
            message: 'Upstream broke',
            code: 'upstream_error',
            status: null,
            inStream: true,
          },
        })}
        isLast
        onRegenerate={onRegenerate}
      />,
    );
    expect(screen.getByTestId('assistant-content').textContent).toBe('partial');
    expect(screen.getByTestId('message-error-text').textContent).toBe(
      'Upstream broke',
    );
    fireEvent.click(screen.getByTestId('retry-button'));
    expect(onRegenerate).toHaveBeenCalledWith('m1');
  });

  it('should render artifact cards that link only to the same-origin gateway proxy', () => {
    render(
      <AssistantMessageView
        message={message({
          status: 'done',
          artifacts: [
            {
              id: 'artf_x1',
              type: 'file',
              mime_type: 'text/plain',
              display_name: 'output.txt',
              size_bytes: 2048,
              sha256: 'b'.repeat(64),
              created_at: '2026-11-26T00:00:00Z',
              ttl_seconds: 60,
              url: 'http://127.0.0.1:8787/sandbox/s/artifacts/output.txt',
            },
          ],
        })}
        isLast
        onRegenerate={vi.fn()}
      />,
    );
    const card = screen.getByTestId('artifact-card');
    expect(card.textContent).toContain('output.txt');
    expect(card.textContent).toContain('2.0 KB · text/plain');
    expect(screen.getByTestId('artifact-download').getAttribute('href')).toBe(
      '/api/artifacts/artf_x1',
    );
  });
});

describe('AssistantMessageView actions', () => {
  const failed = message({
    status: 'error',
    competitorId: 'baseline-langchain',
    error: {
      message: 'No competitor',
      code: 'upstream_unavailable',
      status: 503,
      inStream: false,
    },
  });

  it('should offer retry only on the last answer (retrying an older one would drop the later messages)', () => {
    const { rerender } = render(
      <AssistantMessageView
        message={failed}
        isLast={false}
        onRegenerate={vi.fn()}
      />,
    );
    expect(screen.queryByTestId('retry-button')).toBeNull();
    rerender(
      <AssistantMessageView message={failed} isLast onRegenerate={vi.fn()} />,
    );
    expect(screen.getByTestId('retry-button')).toBeTruthy();
  });

  it('should keep the error heading, HTTP status and code on one line', () => {
    render(
      <AssistantMessageView message={failed} isLast onRegenerate={vi.fn()} />,
    );
    const title = screen.getByTestId('message-error-title');
    expect(title.parentElement).toBe(screen.getByTestId('message-error'));
    expect(title.textContent).toBe(
      'The request failed (HTTP 503)upstream_unavailable',
    );
  });

  it('should not offer to copy an answer without text', () => {
    render(
      <AssistantMessageView message={failed} isLast onRegenerate={vi.fn()} />,
    );
    expect(screen.queryByTestId('copy-button')).toBeNull();
  });

  it('should name the answer after the competitor that gave it', () => {
    render(
      <AssistantMessageView
        message={message({ status: 'done', content: 'Hi', competitorId: 'lc' })}
        competitorName="LangChain baseline"
        isLast
        onRegenerate={vi.fn()}
      />,
    );
    expect(
      screen.getByRole('article', { name: 'Assistant (LangChain baseline)' }),
    ).toBeTruthy();
    expect(screen.getByTestId('message-meta').textContent).toContain(
      'answered by LangChain baseline',
    );
  });

  it('should say which attachments could not be sent', () => {
    render(
      <AssistantMessageView
        message={message({ omittedAttachments: ['red.png'] })}
        isLast
        onRegenerate={vi.fn()}
      />,
    );
    expect(screen.getByTestId('omitted-attachments').textContent).toContain(
      'Sent without red.png',
    );
  });
});

describe('screenshotSrc', () => {
  it('should only load screenshots from data URLs or through the artifact proxy', async () => {
    const { screenshotSrc } = await import('./reasoning-panel');
    expect(screenshotSrc('data:image/png;base64,AA')).toBe(
      'data:image/png;base64,AA',
    );
    expect(screenshotSrc('http://127.0.0.1:8000/v1/artifacts/artf_9')).toBe(
      '/api/artifacts/artf_9',
    );
    expect(screenshotSrc('http://elsewhere.example/shot.png')).toBeUndefined();
  });
});
