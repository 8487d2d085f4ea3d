import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useChatRunner } from './use-chat-runner';

describe('useChatRunner', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should stop the request when its conversation is deleted, and only then', async () => {
    let signal: AbortSignal | undefined;
    // A gateway that streams forever (until aborted).
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      return Promise.resolve(
        new Response(new ReadableStream({ start() {} }), {
          headers: { 'content-type': 'text/event-stream' },
        }),
      );
    });
    const { result } = renderHook(() =>
      useChatRunner({ setMessages: vi.fn(), patchMessage: vi.fn() }),
    );
    let done: Promise<void> = Promise.resolve();
    act(() => {
      done = result.current.run({
        conversationId: 'c1',
        history: [],
        competitorId: 'm',
      });
    });
    await vi.waitFor(() => expect(signal).toBeDefined());
    act(() => result.current.stopConversation('c2'));
    expect(signal?.aborted).toBe(false);
    expect(result.current.busy).toBe(true);
    act(() => result.current.stopConversation('c1'));
    expect(signal?.aborted).toBe(true);
    await act(() => done);
    expect(result.current.busy).toBe(false);
  });
});
