import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatApp } from './chat-app';

describe('ChatApp', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should expose the messages as a live log and say whether the history is shown', () => {
    // The gateway never answers: only the static structure is under test.
    vi.stubGlobal('fetch', () => new Promise<Response>(() => {}));
    render(<ChatApp />);
    const log = screen.getByRole('log');
    expect(log.getAttribute('aria-label')).toBe('Conversation');
    expect(log.dataset.testid).toBe('message-list');
    expect(
      screen.getByTestId('sidebar-toggle').getAttribute('aria-expanded'),
    ).toBe('false');
  });
});
