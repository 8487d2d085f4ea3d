import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Sidebar } from './sidebar';

describe('Sidebar', () => {
  it('should label the search box and name the conversation on rename and delete', () => {
    render(
      <Sidebar
        conversations={[
          {
            id: 'a',
            title: 'Trip plan',
            messages: [],
            createdAt: 1,
            updatedAt: 1,
          },
        ]}
        activeId="a"
        open={false}
        onNew={vi.fn()}
        onSelect={vi.fn()}
        onRename={vi.fn()}
        onDelete={vi.fn()}
      />,
    );
    expect(screen.getByLabelText('Search conversations')).toBeTruthy();
    expect(screen.getByLabelText('Rename "Trip plan"')).toBeTruthy();
    expect(screen.getByLabelText('Delete "Trip plan"')).toBeTruthy();
  });
});
