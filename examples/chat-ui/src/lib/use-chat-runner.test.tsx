import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessageItem } from './chat-types';
import { useChatRunner } from './use-chat-runner';

/** A gateway that streams forever (until aborted); records each request. */
function endlessGateway() {
  const requests: Array<{ body: { model: string }; signal: AbortSignal }> = [];
  vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
    requests.push({
      body: JSON.parse(String(init.body)),
      signal: init.signal as AbortSignal,
    });
    return Promise.resolve(
      new Response(new ReadableStream({ start() {} }), {
        headers: { 'content-type': 'text/event-stream' },
      }),
    );
  });
  return requests;
}

describe('useChatRunner', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should stop the request when its conversation is deleted, and only then', async () => {
    const requests = endlessGateway();
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
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const signal = requests[0]?.signal;
    act(() => result.current.stopConversation('c2'));
    expect(signal?.aborted).toBe(false);
    expect(result.current.isRunning('c1')).toBe(true);
    act(() => result.current.stopConversation('c1'));
    expect(signal?.aborted).toBe(true);
    await act(() => done);
    expect(result.current.isRunning('c1')).toBe(false);
  });

  it('should stream in two conversations at once: stopping or re-running one never aborts the other', async () => {
    const requests = endlessGateway();
    const { result } = renderHook(() =>
      useChatRunner({ setMessages: vi.fn(), patchMessage: vi.fn() }),
    );
    const runs: Array<Promise<void>> = [];
    act(() => {
      runs.push(
        result.current.run({
          conversationId: 'a',
          history: [],
          competitorId: 'm',
        }),
        result.current.run({
          conversationId: 'b',
          history: [],
          competitorId: 'm',
        }),
      );
    });
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    const [a, b] = requests;
    expect(result.current.isRunning('a')).toBe(true);
    expect(result.current.isRunning('b')).toBe(true);
    expect(a?.signal.aborted).toBe(false);
    // Regenerate in A replaces A's request, not B's.
    act(() => {
      runs.push(
        result.current.run({
          conversationId: 'a',
          history: [],
          competitorId: 'm',
        }),
      );
    });
    await vi.waitFor(() => expect(requests).toHaveLength(3));
    expect(a?.signal.aborted).toBe(true);
    expect(b?.signal.aborted).toBe(false);
    act(() => result.current.stopConversation('a'));
    expect(requests[2]?.signal.aborted).toBe(true);
    expect(b?.signal.aborted).toBe(false);
    await vi.waitFor(() => expect(result.current.isRunning('a')).toBe(false));
    expect(result.current.isRunning('b')).toBe(true);
    act(() => result.current.stopConversation('b'));
    await act(() => Promise.all(runs));
    expect(result.current.running.size).toBe(0);
  });

  it('should mark an answer whose history lost attachment bytes, instead of pretending to send them', async () => {
    endlessGateway();
    const setMessages = vi.fn();
    const { result } = renderHook(() =>
      useChatRunner({ setMessages, patchMessage: vi.fn() }),
    );
    const history: ChatMessageItem[] = [
      {
        id: 'u',
        role: 'user',
        text: 'What colour?',
        createdAt: 0,
        attachments: [
          {
            id: 'x',
            kind: 'image',
            name: 'red.png',
            mimeType: 'image/png',
            size: 3,
            dataUrl: '',
          },
        ],
      },
    ];
    let done: Promise<void> = Promise.resolve();
    act(() => {
      done = result.current.run({
        conversationId: 'c',
        history,
        competitorId: 'm',
      });
    });
    const messages = setMessages.mock.calls[0]?.[1] as ChatMessageItem[];
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      omittedAttachments: ['red.png'],
    });
    act(() => result.current.stopConversation('c'));
    await act(() => done);
  });

  it('should not upload a request the gateway would refuse as too large', async () => {
    const requests = endlessGateway();
    const patchMessage = vi.fn();
    const { result } = renderHook(() =>
      useChatRunner({ setMessages: vi.fn(), patchMessage }),
    );
    const history: ChatMessageItem[] = [
      {
        id: 'u',
        role: 'user',
        text: 'Again, please',
        createdAt: 0,
        attachments: [
          {
            id: 'i',
            kind: 'image',
            name: 'huge.png',
            mimeType: 'image/png',
            size: 13 * 1024 * 1024,
            dataUrl: `data:image/png;base64,${'A'.repeat(17 * 1024 * 1024)}`,
          },
        ],
      },
    ];
    await act(() =>
      result.current.run({ conversationId: 'c', history, competitorId: 'm' }),
    );
    expect(requests).toHaveLength(0);
    expect(patchMessage).toHaveBeenLastCalledWith(
      'c',
      expect.objectContaining({
        status: 'error',
        error: expect.objectContaining({
          code: 'request_too_large',
          message: expect.stringMatching(/^Too large to send: .* 17 MB/),
        }),
      }),
    );
  });
});
