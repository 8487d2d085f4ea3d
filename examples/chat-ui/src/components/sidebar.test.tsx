import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Sidebar, type SidebarProps } from './sidebar';

function renderSidebar(props: Partial<SidebarProps> = {}) {
  const all: SidebarProps = {
    conversations: [
      { id: 'a', title: 'Trip plan', messages: [], createdAt: 1, updatedAt: 1 },
    ],
    activeId: 'a',
    open: false,
    onClose: vi.fn(),
    onNew: vi.fn(),
    onSelect: vi.fn(),
    onRename: vi.fn(),
    onDelete: vi.fn(),
    ...props,
  };
  return { ...render(<Sidebar {...all} />), props: all };
}

describe('Sidebar', () => {
  it('should label the search box and name the conversation on rename and delete', () => {
    renderSidebar();
    expect(screen.getByLabelText('Search conversations')).toBeTruthy();
    expect(screen.getByLabelText('Rename "Trip plan"')).toBeTruthy();
    expect(screen.getByLabelText('Delete "Trip plan"')).toBeTruthy();
  });

  it('should ask before deleting, and delete only when confirmed', () => {
    const { props } = renderSidebar();
    fireEvent.click(screen.getByLabelText('Delete "Trip plan"'));
    expect(props.onDelete).not.toHaveBeenCalled();
    expect(
      screen.getByRole('group', { name: 'Delete "Trip plan"?' }),
    ).toBeTruthy();
    // The confirm button takes focus, so Enter or Space answers at once.
    expect(document.activeElement).toBe(screen.getByTestId('confirm-delete'));
    fireEvent.click(screen.getByTestId('cancel-delete'));
    expect(props.onDelete).not.toHaveBeenCalled();
    expect(screen.queryByTestId('confirm-delete')).toBeNull();

    fireEvent.click(screen.getByLabelText('Delete "Trip plan"'));
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(props.onDelete).toHaveBeenCalledExactlyOnceWith('a');
  });

  it('should cancel a delete with Esc without closing the overlay', () => {
    const { props } = renderSidebar({ open: true });
    fireEvent.click(screen.getByLabelText('Delete "Trip plan"'));
    fireEvent.keyDown(screen.getByTestId('confirm-delete'), { key: 'Escape' });
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
    expect(props.onClose).not.toHaveBeenCalled();
    expect(props.onDelete).not.toHaveBeenCalled();
  });

  it('should take focus when the overlay opens and close it on Esc', () => {
    const { props, rerender } = renderSidebar();
    expect(document.activeElement).not.toBe(screen.getByTestId('new-chat'));
    fireEvent.keyDown(screen.getByTestId('conversation-search'), {
      key: 'Escape',
    });
    expect(props.onClose).not.toHaveBeenCalled();
    rerender(<Sidebar {...props} open={true} />);
    expect(document.activeElement).toBe(screen.getByTestId('new-chat'));
    fireEvent.keyDown(screen.getByTestId('conversation-search'), {
      key: 'Escape',
    });
    expect(props.onClose).toHaveBeenCalledOnce();
  });

  it('should end a rename with Esc without closing the overlay', () => {
    const { props } = renderSidebar({ open: true });
    fireEvent.click(screen.getByLabelText('Rename "Trip plan"'));
    fireEvent.keyDown(screen.getByTestId('rename-input'), { key: 'Escape' });
    expect(screen.queryByTestId('rename-input')).toBeNull();
    expect(props.onClose).not.toHaveBeenCalled();
    expect(props.onRename).not.toHaveBeenCalled();
  });
});
