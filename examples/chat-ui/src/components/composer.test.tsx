import { fireEvent, render, screen } from '@testing-library/react';
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
});
