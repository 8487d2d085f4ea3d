import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './copy-button';

describe('CopyButton', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should announce "Copied" to screen readers, not only show it', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { container } = render(
      <CopyButton getText={() => 'hello'} label="Copy answer" />,
    );
    const button = screen.getByRole('button', { name: 'Copy answer' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(writeText).toHaveBeenCalledWith('hello');
    expect(button.getAttribute('aria-label')).toBe('Copied');
    expect(container.querySelector('[aria-live="polite"]')?.textContent).toBe(
      'Copied',
    );
  });
});
