import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { UserChatMessage } from '../lib/chat-types';
import { UserMessageView } from './user-message-view';

const message: UserChatMessage = {
  id: 'u1',
  role: 'user',
  text: 'What colour is this?',
  createdAt: 0,
  attachments: [
    {
      id: 'x',
      kind: 'image',
      name: 'red.png',
      mimeType: 'image/png',
      size: 2048,
      // Dropped to fit the browser's storage quota.
      dataUrl: '',
    },
  ],
};

describe('UserMessageView', () => {
  it('should mark an attachment whose bytes were not kept', () => {
    render(
      <UserMessageView
        message={message}
        busy={false}
        onEditAndResend={vi.fn()}
      />,
    );
    expect(screen.getByRole('article', { name: 'You' })).toBeTruthy();
    const chip = screen.getByTestId('attachment-chip');
    expect(chip.textContent).toBe('red.png · 2.0 KB · not kept');
    expect(chip.dataset.dropped).toBe('true');
  });

  it('should focus a labelled edit box, say what will not be sent, and end the edit on Esc', () => {
    render(
      <UserMessageView
        message={message}
        busy={false}
        onEditAndResend={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByTestId('edit-button'));
    const box = screen.getByLabelText('Edit message');
    expect(document.activeElement).toBe(box);
    expect(screen.getByTestId('edit-dropped-note').textContent).toContain(
      'red.png',
    );
    const esc = new KeyboardEvent('keydown', {
      key: 'Escape',
      bubbles: true,
      cancelable: true,
    });
    act(() => {
      box.dispatchEvent(esc);
    });
    // Taken: the page's Esc (stop the answer) must not also act on it.
    expect(esc.defaultPrevented).toBe(true);
    expect(screen.queryByTestId('edit-input')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('edit-button'));
  });
});
