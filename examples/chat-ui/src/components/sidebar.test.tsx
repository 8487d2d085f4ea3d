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

describe('Sidebar focus and semantics', () => {
  const two = [
    { id: 'a', title: 'Trip plan', messages: [], createdAt: 1, updatedAt: 2 },
    {
      id: 'b',
      title: 'Compare the two competitors on a long prompt',
      messages: [],
      createdAt: 1,
      updatedAt: 1,
    },
  ];

  it('should mark the open conversation and label the rename box', () => {
    renderSidebar({ conversations: two, activeId: 'a' });
    const titles = screen.getAllByTestId('conversation-title');
    expect(titles.map(item => item.getAttribute('aria-current'))).toEqual([
      'true',
      null,
    ]);
    fireEvent.click(screen.getByLabelText('Rename "Trip plan"'));
    expect(screen.getByLabelText('New title for "Trip plan"')).toBe(
      screen.getByTestId('rename-input'),
    );
  });

  it('should give focus back to the row after a rename and a cancelled delete, and to the next row after a delete', () => {
    const { props } = renderSidebar({ conversations: two, activeId: 'a' });
    fireEvent.click(screen.getByLabelText('Rename "Trip plan"'));
    fireEvent.submit(screen.getByTestId('rename-input'));
    expect(props.onRename).toHaveBeenCalledWith('a', 'Trip plan');
    expect(document.activeElement).toBe(
      screen.getAllByTestId('conversation-title')[0],
    );
    fireEvent.click(screen.getByLabelText('Delete "Trip plan"'));
    fireEvent.click(screen.getByTestId('cancel-delete'));
    expect(document.activeElement).toBe(
      screen.getAllByTestId('conversation-title')[0],
    );
    fireEvent.click(screen.getByLabelText('Delete "Trip plan"'));
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(props.onDelete).toHaveBeenCalledWith('a');
    expect(document.activeElement?.textContent).toBe(
      'Compare the two competitors on a long prompt',
    );
  });

  it('should show the whole title in the delete question', () => {
    renderSidebar({ conversations: two });
    fireEvent.click(
      screen.getByLabelText(
        'Delete "Compare the two competitors on a long prompt"',
      ),
    );
    const title = screen.getByTestId('confirm-delete-title');
    expect(title.className).toBe('confirm-title');
    expect(title.getAttribute('title')).toBe(
      'Compare the two competitors on a long prompt',
    );
  });

  it('should be a modal dialog while the overlay is open, and take every Esc it handles', () => {
    const { props, rerender } = renderSidebar();
    const sidebar = screen.getByTestId('sidebar');
    expect(sidebar.getAttribute('role')).toBeNull();
    rerender(<Sidebar {...props} open={true} />);
    expect(sidebar.getAttribute('role')).toBe('dialog');
    expect(sidebar.getAttribute('aria-modal')).toBe('true');
    const search = screen.getByTestId('conversation-search');
    fireEvent.change(search, { target: { value: 'trip' } });
    // Esc in a search box with text clears it first; the overlay stays.
    expect(fireEvent.keyDown(search, { key: 'Escape' })).toBe(false);
    expect((search as HTMLInputElement).value).toBe('');
    expect(props.onClose).not.toHaveBeenCalled();
    // `false`: the event was preventDefault-ed (taken, so it stops nothing else).
    expect(fireEvent.keyDown(search, { key: 'Escape' })).toBe(false);
    expect(props.onClose).toHaveBeenCalledOnce();
  });

  it('should tell a search without matches from an empty history', () => {
    renderSidebar();
    fireEvent.change(screen.getByTestId('conversation-search'), {
      target: { value: 'zebra' },
    });
    expect(screen.getByTestId('conversation-list-empty').textContent).toBe(
      'No conversations match “zebra”',
    );
  });
});
