import { describe, expect, it, vi } from 'vitest';
import { createAssistantMessage } from './assistant-reducer';
import type { Conversation } from './chat-types';
import {
  loadStore,
  type StoreState,
  saveStore,
  searchConversations,
  storageKey,
  titleFromText,
} from './conversation-store';

function memoryStorage(quotaBytes = Number.POSITIVE_INFINITY) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (value.length > quotaBytes)
        throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

const conversation = (
  id: string,
  title: string,
  updatedAt: number,
): Conversation => ({
  id,
  title,
  createdAt: 0,
  updatedAt,
  messages: [
    {
      id: `${id}-u`,
      role: 'user',
      text: `question about ${title}`,
      createdAt: 0,
      attachments: [
        {
          id: 'x',
          kind: 'image',
          name: 'a.png',
          mimeType: 'image/png',
          size: 3,
          dataUrl: `data:image/png;base64,${'A'.repeat(400)}`,
        },
      ],
    },
    {
      ...createAssistantMessage({
        id: `${id}-a`,
        competitorId: 'c',
        startedAt: 0,
      }),
      content: 'an answer',
    },
  ],
});

describe('loadStore / saveStore', () => {
  it('should round-trip the history and mark an interrupted answer stopped', () => {
    const storage = memoryStorage();
    const state: StoreState = {
      conversations: [conversation('1', 'Cats', 1)],
      activeId: '1',
    };
    expect(saveStore(storage, state).status).toBe('saved');
    const loaded = loadStore(storage);
    expect(loaded.activeId).toBe('1');
    expect(loaded.conversations[0]?.messages[1]).toMatchObject({
      status: 'stopped',
      content: 'an answer',
    });
  });

  it('should drop attachment bytes when the quota is exceeded and say so', () => {
    const storage = memoryStorage(600);
    const state: StoreState = {
      conversations: [conversation('1', 'Cats', 1)],
      activeId: '1',
    };
    expect(saveStore(storage, state).status).toBe('saved-without-attachments');
    const message = loadStore(storage).conversations[0]?.messages[0];
    expect(message?.role === 'user' && message.attachments[0]).toMatchObject({
      name: 'a.png',
      dataUrl: '',
    });
  });

  it('should drop the largest attachment first and keep the small ones that fit', () => {
    const withImage = (id: string, name: string, base64: number) => {
      const item = conversation(id, name, 1);
      const user = item.messages[0];
      if (user?.role === 'user')
        user.attachments = [
          {
            id: `${id}-img`,
            kind: 'image',
            name,
            mimeType: 'image/png',
            size: (base64 * 3) / 4,
            dataUrl: `data:image/png;base64,${'A'.repeat(base64)}`,
          },
        ];
      return item;
    };
    const state: StoreState = {
      conversations: [
        withImage('1', 'small.png', 400),
        withImage('2', 'big.png', 8000),
        withImage('3', 'medium.png', 2000),
      ],
      activeId: '2',
    };
    // Room for the history with the small and medium images, not the big one.
    const storage = memoryStorage(JSON.stringify(state).length - 7000);
    const result = saveStore(storage, state);
    expect(result).toMatchObject({
      status: 'saved-without-attachments',
      dropped: [{ conversationId: '2', name: 'big.png', size: 6000 }],
    });
    const kept = loadStore(storage).conversations.map(item => {
      const user = item.messages[0];
      return user?.role === 'user' ? user.attachments[0]?.dataUrl.length : 0;
    });
    expect(kept).toEqual([422, 0, 2022]);
    // The next save starts from what was refused: one attempt, not three.
    const setItem = vi.spyOn(storage, 'setItem');
    saveStore(storage, state, { refusedLength: result.refusedLength });
    expect(setItem).toHaveBeenCalledOnce();
  });

  it('should not keep empty conversations', () => {
    const storage = memoryStorage();
    const empty: Conversation = {
      id: 'e',
      title: 'New chat',
      messages: [],
      createdAt: 0,
      updatedAt: 0,
    };
    saveStore(storage, {
      conversations: [empty, conversation('1', 'Cats', 1)],
      activeId: 'e',
    });
    const loaded = loadStore(storage);
    expect(loaded.conversations.map(item => item.id)).toEqual(['1']);
    expect(loaded.activeId).toBe('1');
  });

  it('should give the empty history for unreadable storage', () => {
    const storage = memoryStorage();
    storage.items.set(storageKey, '{not json');
    expect(loadStore(storage)).toEqual({ conversations: [], activeId: null });
  });
});

describe('searchConversations', () => {
  it('should match titles and message text, newest first', () => {
    const list = [conversation('1', 'Cats', 1), conversation('2', 'Dogs', 2)];
    expect(searchConversations(list, '').map(item => item.id)).toEqual([
      '2',
      '1',
    ]);
    expect(searchConversations(list, 'CAT').map(item => item.id)).toEqual([
      '1',
    ]);
    expect(searchConversations(list, 'answer')).toHaveLength(2);
  });
});

describe('titleFromText', () => {
  it('should use the first line, at most 50 characters', () => {
    expect(titleFromText('  Hello\nworld')).toBe('Hello');
    expect(titleFromText('x'.repeat(60))).toBe(`${'x'.repeat(50)}…`);
    expect(titleFromText('')).toBe('New chat');
  });
});
