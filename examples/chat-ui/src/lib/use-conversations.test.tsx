import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserChatMessage } from './chat-types';
import { useConversations } from './use-conversations';

const user = (text: string): UserChatMessage => ({
  id: crypto.randomUUID(),
  role: 'user',
  text,
  attachments: [],
  createdAt: 0,
});

describe('useConversations', () => {
  beforeEach(() => localStorage.clear());

  it('should reuse an empty conversation instead of piling up new ones', async () => {
    const { result } = renderHook(() => useConversations());
    await vi.waitFor(() => expect(result.current.loaded).toBe(true));
    let first = '';
    let second = '';
    act(() => {
      first = result.current.create();
    });
    act(() => {
      second = result.current.create();
    });
    expect(second).toBe(first);
    expect(result.current.state.conversations).toHaveLength(1);
    act(() => result.current.setMessages(first, [user('Hello')]));
    let third = '';
    act(() => {
      third = result.current.create();
    });
    expect(third).not.toBe(first);
    expect(result.current.state.conversations).toHaveLength(2);
    expect(result.current.state.activeId).toBe(third);
  });

  it('should retitle the conversation when its first message is edited, but keep a title the user chose', async () => {
    const { result } = renderHook(() => useConversations());
    await vi.waitFor(() => expect(result.current.loaded).toBe(true));
    let id = '';
    act(() => {
      id = result.current.create();
    });
    act(() => result.current.setMessages(id, [user('What is 12 * 7?')]));
    const title = () =>
      result.current.state.conversations.find(item => item.id === id)?.title;
    expect(title()).toBe('What is 12 * 7?');
    act(() => result.current.setMessages(id, [user('What is 6 * 7?')]));
    expect(title()).toBe('What is 6 * 7?');
    act(() => result.current.rename(id, 'Arithmetic'));
    act(() => result.current.setMessages(id, [user('What is 2 * 7?')]));
    expect(title()).toBe('Arithmetic');
  });

  it('should show the storage notice in the conversation that lost an attachment, not after + New chat', async () => {
    // Storage that holds 20,000 characters.
    const setItem = vi
      .spyOn(Storage.prototype, 'setItem')
      .mockImplementation(function (this: Storage, key, value) {
        if (value.length > 20_000)
          throw new DOMException('full', 'QuotaExceededError');
        localStorage[key] = value;
      });
    try {
      const { result } = renderHook(() => useConversations());
      await vi.waitFor(() => expect(result.current.loaded).toBe(true));
      let id = '';
      act(() => {
        id = result.current.create();
      });
      const big = {
        ...user('A photo'),
        attachments: [
          {
            id: 'img',
            kind: 'image' as const,
            name: 'photo.png',
            mimeType: 'image/png',
            size: 30_000,
            dataUrl: `data:image/png;base64,${'A'.repeat(40_000)}`,
          },
        ],
      };
      act(() => result.current.setMessages(id, [big]));
      await vi.waitFor(
        () =>
          expect(result.current.storageNote).toBe(
            'Browser storage is full: photo.png (29 KB) is not kept in the history; after a reload it cannot be sent again.',
          ),
        { timeout: 3000 },
      );
      act(() => {
        result.current.create();
      });
      expect(result.current.storageNote).toBeNull();
      act(() => result.current.select(id));
      expect(result.current.storageNote).toMatch(/photo\.png/);
      // Deleted, the notice is no longer true: it goes at the next save.
      act(() => result.current.remove(id));
      await vi.waitFor(() => expect(result.current.storageNote).toBeNull(), {
        timeout: 3000,
      });
    } finally {
      setItem.mockRestore();
    }
  });
});
