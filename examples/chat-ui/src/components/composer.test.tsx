import {
  act,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from './composer';

describe('Composer', () => {
  it('should send on Enter, add a line on Shift+Enter, and have a labelled message box', () => {
    const onSend = vi.fn();
    render(<Composer busy={false} canSend onSend={onSend} onStop={vi.fn()} />);
    const input = screen.getByLabelText('Message') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'Hello' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Hello', []);
    expect(input.value).toBe('');
  });

  it('should offer stop instead of send while busy', () => {
    const onStop = vi.fn();
    const onSend = vi.fn();
    render(<Composer busy canSend onSend={onSend} onStop={onStop} />);
    const input = screen.getByLabelText('Message');
    fireEvent.change(input, { target: { value: 'Next' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('should keep focus in the message box when Send becomes Stop and back', () => {
    const onStop = vi.fn();
    const { rerender } = render(
      <Composer busy={false} canSend onSend={vi.fn()} onStop={onStop} />,
    );
    const input = screen.getByLabelText('Message');
    fireEvent.change(input, { target: { value: 'Hello' } });
    const send = screen.getByTestId('send-button');
    send.focus();
    fireEvent.click(send);
    rerender(<Composer busy canSend onSend={vi.fn()} onStop={onStop} />);
    expect(document.activeElement).toBe(input);
    const stop = screen.getByTestId('stop-button');
    stop.focus();
    fireEvent.click(stop);
    rerender(
      <Composer busy={false} canSend onSend={vi.fn()} onStop={onStop} />,
    );
    expect(onStop).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(input);
  });

  it('should keep the attachment limit when two pastes come quickly one after the other', async () => {
    render(<Composer busy={false} canSend onSend={vi.fn()} onStop={vi.fn()} />);
    const input = screen.getByLabelText('Message');
    const files = (prefix: string) =>
      Array.from(
        { length: 5 },
        (_, index) =>
          new File(['abc'], `${prefix}${index}.txt`, { type: 'text/plain' }),
      );
    fireEvent.paste(input, { clipboardData: { files: files('a') } });
    fireEvent.paste(input, { clipboardData: { files: files('b') } });
    await waitFor(() =>
      expect(screen.getByTestId('attachment-error').textContent).toBe(
        'At most 8 attachments per message.',
      ),
    );
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getAllByTestId('attachment-chip')).toHaveLength(8);
  });

  it('should say why sending is unavailable', () => {
    render(
      <Composer
        busy={false}
        canSend={false}
        blockedReason="Sending is unavailable: the gateway is unreachable."
        onSend={vi.fn()}
        onStop={vi.fn()}
      />,
    );
    const input = screen.getByLabelText('Message');
    const note = screen.getByTestId('send-blocked');
    expect(note.textContent).toBe(
      'Sending is unavailable: the gateway is unreachable.',
    );
    expect(input.getAttribute('aria-describedby')).toBe(note.id);
  });

  it('should wait for attachments still being read before sending, and say so', async () => {
    const onSend = vi.fn();
    render(<Composer busy={false} canSend onSend={onSend} onStop={vi.fn()} />);
    const input = screen.getByLabelText('Message');
    let finishRead = (_bytes: ArrayBuffer) => {};
    const file = new File(['abc'], 'slow.txt', { type: 'text/plain' });
    // A large file still being read when Enter is pressed.
    file.arrayBuffer = () =>
      new Promise(resolve => {
        finishRead = resolve;
      });
    fireEvent.paste(input, { clipboardData: { files: [file] } });
    fireEvent.change(input, { target: { value: 'Look at this' } });
    await screen.findByTestId('attachment-reading');
    expect(screen.getByTestId('attachment-reading').textContent).toBe(
      'Reading 1 file… Send waits for it.',
    );
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect(
      (screen.getByTestId('send-button') as HTMLButtonElement).disabled,
    ).toBe(true);
    await act(async () => finishRead(new TextEncoder().encode('abc').buffer));
    await waitFor(() =>
      expect(screen.queryByTestId('attachment-reading')).toBeNull(),
    );
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Look at this', [
      expect.objectContaining({ name: 'slow.txt' }),
    ]);
  });

  it('should clear the attachment error once a chip is removed', async () => {
    render(<Composer busy={false} canSend onSend={vi.fn()} onStop={vi.fn()} />);
    const files = Array.from(
      { length: 9 },
      (_, index) => new File(['abc'], `f${index}.txt`, { type: 'text/plain' }),
    );
    fireEvent.paste(screen.getByLabelText('Message'), {
      clipboardData: { files },
    });
    await screen.findByTestId('attachment-error');
    fireEvent.click(screen.getByLabelText('Remove f0.txt'));
    expect(screen.queryByTestId('attachment-error')).toBeNull();
  });

  it('should keep the message and say why when sending is refused', () => {
    const onSend = vi.fn(() => 'Too large to send.');
    render(<Composer busy={false} canSend onSend={onSend} onStop={vi.fn()} />);
    const input = screen.getByLabelText('Message') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'Hello' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledOnce();
    expect(input.value).toBe('Hello');
    expect(screen.getByTestId('attachment-error').textContent).toBe(
      'Too large to send.',
    );
  });
});
