import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFakeGateway } from '../../test/fake-gateway';
import { ChatApp } from './chat-app';

// A 4 KB request limit, so a small file can stand for 16 MB of images (the
// other tests' requests are a few hundred bytes).
vi.mock('../lib/read-attachment', async importOriginal => {
  const original =
    await importOriginal<typeof import('../lib/read-attachment')>();
  return {
    ...original,
    attachmentLimits: { ...original.attachmentLimits, requestBytes: 4096 },
  };
});

/** Renders the page and waits until a competitor is picked. */
async function renderReady() {
  const view = render(<ChatApp />);
  await waitFor(() =>
    expect(
      (screen.getByTestId('competitor-picker') as HTMLSelectElement).value,
    ).not.toBe(''),
  );
  return view;
}

function send(text: string) {
  const input = screen.getByTestId('chat-input');
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('ChatApp', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('should expose the messages as a live log and say whether the history is shown', () => {
    // The gateway never answers: only the static structure is under test.
    vi.stubGlobal('fetch', () => new Promise<Response>(() => {}));
    render(<ChatApp />);
    const log = screen.getByRole('log');
    expect(log.getAttribute('aria-label')).toBe('Conversation');
    expect(log.dataset.testid).toBe('message-list');
    expect(
      screen.getByTestId('sidebar-toggle').getAttribute('aria-expanded'),
    ).toBe('false');
  });

  it('should let each conversation stream on its own: another chat can send, and Stop stops only its own answer', async () => {
    const { chats } = stubFakeGateway();
    await renderReady();
    send('first question');
    await waitFor(() => expect(chats).toHaveLength(1));
    expect(screen.getByTestId('stop-button')).toBeTruthy();
    fireEvent.click(screen.getByTestId('new-chat'));
    // The new chat has no running answer: Send, not the other chat's Stop.
    await waitFor(() => expect(screen.queryByTestId('stop-button')).toBeNull());
    send('second question');
    await waitFor(() => expect(chats).toHaveLength(2));
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(chats[1]?.signal.aborted).toBe(true);
    expect(chats[0]?.signal.aborted).toBe(false);
    // Back in the first chat, its answer is still streaming and Esc stops it.
    await waitFor(() =>
      expect(screen.getAllByTestId('conversation-title')).toHaveLength(2),
    );
    fireEvent.click(screen.getByText('first question', { selector: 'button' }));
    await waitFor(() => expect(screen.getByTestId('stop-button')).toBeTruthy());
    fireEvent.keyDown(screen.getByTestId('chat-input'), { key: 'Escape' });
    expect(chats[0]?.signal.aborted).toBe(true);
  });

  it('should stop the answer on Esc only when nothing else takes the Esc', async () => {
    const { chats } = stubFakeGateway();
    await renderReady();
    send('question');
    await waitFor(() => expect(chats).toHaveLength(1));
    const search = screen.getByTestId('conversation-search');
    fireEvent.change(search, { target: { value: 'que' } });
    fireEvent.keyDown(search, { key: 'Escape' });
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(chats[0]?.signal.aborted).toBe(false);
    fireEvent.click(screen.getByTestId('sidebar-toggle'));
    fireEvent.keyDown(screen.getByTestId('new-chat'), { key: 'Escape' });
    expect(chats[0]?.signal.aborted).toBe(false);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(chats[0]?.signal.aborted).toBe(true);
  });

  it('should close the open phone history on Esc wherever focus is, without stopping the answer', async () => {
    const { chats } = stubFakeGateway();
    await renderReady();
    send('question');
    await waitFor(() => expect(chats).toHaveLength(1));
    const toggle = screen.getByTestId('sidebar-toggle');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    // Focus left the overlay's controls (a tap on its empty part).
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(chats[0]?.signal.aborted).toBe(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(document.activeElement).toBe(toggle));
  });

  it('should retry with the competitor picked now and say which one answered', async () => {
    const { chats } = stubFakeGateway({ failing: ['a'] });
    await renderReady();
    fireEvent.change(screen.getByTestId('competitor-picker'), {
      target: { value: 'a' },
    });
    send('hello');
    await waitFor(() =>
      expect(screen.getByTestId('retry-button')).toBeTruthy(),
    );
    expect(screen.getByTestId('message-meta').textContent).toContain(
      'sent to Alpha',
    );
    fireEvent.change(screen.getByTestId('competitor-picker'), {
      target: { value: 'b' },
    });
    fireEvent.click(screen.getByTestId('retry-button'));
    await waitFor(() => expect(chats).toHaveLength(2));
    expect(chats[1]?.body.model).toBe('b');
    expect(
      screen.getByRole('article', { name: 'Assistant (Beta)' }),
    ).toBeTruthy();
  });

  it('should continue in the composer after Retry (the pressed button goes away with the error)', async () => {
    const { chats } = stubFakeGateway({ failing: ['a'] });
    await renderReady();
    fireEvent.change(screen.getByTestId('competitor-picker'), {
      target: { value: 'a' },
    });
    send('hello');
    const retry = await screen.findByTestId('retry-button');
    retry.focus();
    fireEvent.click(retry);
    await waitFor(() => expect(chats).toHaveLength(2));
    expect(document.activeElement).toBe(screen.getByTestId('chat-input'));
  });

  it('should make the page behind the open phone history inert, and continue in the composer after choosing a chat', async () => {
    stubFakeGateway();
    await renderReady();
    send('hello');
    await waitFor(() =>
      expect(screen.getAllByTestId('conversation-title')).toHaveLength(1),
    );
    const main = screen.getByRole('main');
    expect(main.hasAttribute('inert')).toBe(false);
    fireEvent.click(screen.getByTestId('sidebar-toggle'));
    expect(main.hasAttribute('inert')).toBe(true);
    fireEvent.click(screen.getByTestId('conversation-title'));
    expect(main.hasAttribute('inert')).toBe(false);
    expect(document.activeElement).toBe(screen.getByTestId('chat-input'));
  });

  it('should say why sending is unavailable: the UI server cannot reach the gateway', async () => {
    stubFakeGateway({ gatewayDown: true });
    render(<ChatApp />);
    await waitFor(() =>
      expect(screen.getByTestId('send-blocked').textContent).toBe(
        'Sending is unavailable: the chat UI server cannot reach the gateway, so there is no competitor to send to.',
      ),
    );
    expect(screen.getByTestId('status-line').dataset.gateway).toBe(
      'unreachable',
    );
  });

  it('should not blame the gateway when the browser cannot reach the chat UI server', async () => {
    stubFakeGateway({ down: true });
    render(<ChatApp />);
    await waitFor(() =>
      expect(screen.getByTestId('send-blocked').textContent).toBe(
        'Sending is unavailable: the browser cannot reach the chat UI server (offline, or the server is down).',
      ),
    );
    expect(screen.getByTestId('status-line').textContent).toMatch(
      /Chat UI server unreachable/,
    );
  });

  it('should say that the gateway refused the UI key, not that it lists no competitors', async () => {
    stubFakeGateway({ refuseKey: true });
    render(<ChatApp />);
    await waitFor(() =>
      expect(screen.getByTestId('send-blocked').textContent).toBe(
        "Sending is unavailable: the gateway refused the UI's API key (GATEWAY_API_KEY, HTTP 401: Invalid API key).",
      ),
    );
    expect(screen.getByTestId('status-problem').textContent).toMatch(
      /refused the UI's API key/,
    );
    expect(screen.getByRole('option').textContent).toBe(
      'No competitors (key refused)',
    );
  });

  it('should refuse a message too large for the gateway in the composer, keeping it', async () => {
    const { chats } = stubFakeGateway();
    await renderReady();
    const input = screen.getByTestId('chat-input') as HTMLTextAreaElement;
    // 4 KB of file, 5.3 KB as base64: over the (lowered) 4 KB request limit.
    fireEvent.paste(input, {
      clipboardData: {
        files: [
          new File(['x'.repeat(4096)], 'notes.txt', { type: 'text/plain' }),
        ],
      },
    });
    await screen.findByTestId('attachment-chip');
    send('What is in it?');
    await waitFor(() =>
      expect(screen.getByTestId('attachment-error').textContent).toMatch(
        /^Too large to send: this request would be 5\.\d KB, and at most 4\.0 KB can be sent\./,
      ),
    );
    expect(chats).toHaveLength(0);
    expect(input.value).toBe('What is in it?');
    expect(screen.getAllByTestId('attachment-chip')).toHaveLength(1);
  });
});
