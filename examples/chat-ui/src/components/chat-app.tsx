'use client';

// The page orchestrator: wires history, gateway info, the runner and the
// views together. Longer than most files on purpose (STYLE.md 2.4).

import {
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type {
  Attachment,
  ChatMessageItem,
  UserChatMessage,
} from '../lib/chat-types';
import { useChatRunner } from '../lib/use-chat-runner';
import { useConversations } from '../lib/use-conversations';
import { useGatewayInfo } from '../lib/use-gateway-info';
import { AssistantMessageView } from './assistant-message-view';
import { CompetitorPicker } from './competitor-picker';
import { Composer } from './composer';
import { MarkdownModeContext } from './markdown';
import { Sidebar } from './sidebar';
import { StatusLine } from './status-line';
import { ThemeToggle } from './theme-toggle';
import { UserMessageView } from './user-message-view';

const competitorKey = 'janus-chat-ui:competitor';

/** The chat page: sidebar, status line, competitor picker, messages, composer. */
export function ChatApp() {
  const store = useConversations();
  const info = useGatewayInfo();
  const [renderMode, setRenderMode] = useState<'blocks' | 'whole'>('blocks');
  const runner = useChatRunner({
    setMessages: store.setMessages,
    patchMessage: store.patchMessage,
    transitions: renderMode === 'blocks',
  });
  const [competitorId, setCompetitorId] = useState<string | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  useEffect(() => {
    // `?render=whole`: the naive renderer, for the render benchmark only.
    if (new URLSearchParams(location.search).get('render') === 'whole')
      setRenderMode('whole');
  }, []);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  const active =
    store.state.conversations.find(item => item.id === store.state.activeId) ??
    null;
  const messages = active?.messages ?? [];

  // Keep the chosen competitor valid: the saved one if the gateway still lists it.
  useEffect(() => {
    if (info.models.length === 0) return;
    setCompetitorId(current => {
      const wanted = current ?? localStorage.getItem(competitorKey);
      if (wanted && info.models.some(model => model.id === wanted))
        return wanted;
      const healthy = info.models.find(
        model => model.janus?.health !== 'unhealthy',
      );
      return (healthy ?? info.models[0])?.id ?? null;
    });
  }, [info.models]);
  const chooseCompetitor = (id: string) => {
    setCompetitorId(id);
    localStorage.setItem(competitorKey, id);
  };

  const { run } = runner;
  const send = useCallback(
    (text: string, attachments: Attachment[]) => {
      if (competitorId === null) return;
      const conversationId = active?.id ?? store.create();
      const user: UserChatMessage = {
        id: crypto.randomUUID(),
        role: 'user',
        text,
        attachments,
        createdAt: Date.now(),
      };
      stickToBottom.current = true;
      void run({ conversationId, history: [...messages, user], competitorId });
    },
    [active?.id, competitorId, messages, run, store],
  );

  // Stable callbacks (memoised message views must not re-render per frame):
  // they read the latest state through a ref.
  const latest = useRef({ active, competitorId });
  latest.current = { active, competitorId };

  const regenerate = useCallback(
    (assistantId: string) => {
      const { active, competitorId } = latest.current;
      if (!active) return;
      const index = active.messages.findIndex(
        message => message.id === assistantId,
      );
      const history = active.messages.slice(0, index);
      const from = active.messages[index];
      const target =
        (from?.role === 'assistant' ? from.competitorId : null) ?? competitorId;
      if (index < 0 || target === null) return;
      void run({ conversationId: active.id, history, competitorId: target });
    },
    [run],
  );

  const editAndResend = useCallback(
    (userId: string, text: string) => {
      const { active, competitorId } = latest.current;
      if (!active || competitorId === null) return;
      const index = active.messages.findIndex(message => message.id === userId);
      const original = active.messages[index];
      if (original?.role !== 'user') return;
      const history: ChatMessageItem[] = [
        ...active.messages.slice(0, index),
        { ...original, id: crypto.randomUUID(), text, createdAt: Date.now() },
      ];
      void run({ conversationId: active.id, history, competitorId });
    },
    [run],
  );

  // Global shortcuts: Esc stops; Ctrl/⌘+Shift+O starts a new chat.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && runner.busy) {
        event.preventDefault();
        runner.stop();
      } else if (
        (event.ctrlKey || event.metaKey) &&
        event.shiftKey &&
        event.key.toLowerCase() === 'o'
      ) {
        event.preventDefault();
        store.create();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runner.busy, runner.stop, store.create]);

  // Follow the answer while the reader is at the bottom; stop following when they scroll up.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  });
  const onScroll = () => {
    const list = listRef.current;
    if (list)
      stickToBottom.current =
        list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  };

  // The history list may lag a streaming answer by a frame or two: it
  // re-renders at low priority instead of on every streamed frame.
  const sidebarConversations = useDeferredValue(store.state.conversations);
  const { create, select, remove } = store;
  const { stopConversation } = runner;
  // Deleting the conversation that is streaming also stops its request.
  const deleteConversation = useCallback(
    (id: string) => {
      stopConversation(id);
      remove(id);
    },
    [remove, stopConversation],
  );
  const startNewChat = useCallback(() => {
    create();
    setSidebarOpen(false);
  }, [create]);
  const selectConversation = useCallback(
    (id: string) => {
      select(id);
      setSidebarOpen(false);
    },
    [select],
  );

  const sidebarToggle = useRef<HTMLButtonElement>(null);
  const closeSidebar = useCallback(() => {
    setSidebarOpen(false);
    sidebarToggle.current?.focus();
  }, []);

  const last = messages[messages.length - 1];
  return (
    <div className="app" data-ready={store.loaded} data-testid="chat-app">
      <Sidebar
        conversations={sidebarConversations}
        activeId={store.state.activeId}
        open={sidebarOpen}
        onNew={startNewChat}
        onSelect={selectConversation}
        onRename={store.rename}
        onDelete={deleteConversation}
        onClose={closeSidebar}
      />
      {sidebarOpen && (
        <button
          type="button"
          className="scrim"
          aria-label="Close history"
          onClick={closeSidebar}
        />
      )}
      <main className="main">
        <header className="topbar">
          <button
            ref={sidebarToggle}
            type="button"
            className="icon-button sidebar-toggle"
            data-testid="sidebar-toggle"
            aria-label="Show history"
            aria-expanded={sidebarOpen}
            onClick={() => setSidebarOpen(value => !value)}
          >
            ☰
          </button>
          <span className="brand">Janus</span>
          <CompetitorPicker
            models={info.models}
            value={competitorId}
            onChange={chooseCompetitor}
          />
          <ThemeToggle />
        </header>
        <StatusLine info={info} />
        {store.storageNote && <div className="notice">{store.storageNote}</div>}
        <div
          className="messages"
          ref={listRef}
          onScroll={onScroll}
          data-testid="message-list"
          // A log: screen readers announce new messages politely; the
          // streaming answer is `aria-busy` until it is complete.
          role="log"
          aria-label="Conversation"
        >
          {messages.length === 0 && (
            <div className="empty" data-testid="empty-state">
              <h1>What can Janus do for you?</h1>
              <p className="muted">
                Simple prompts take the fast path; ask for a program or a file
                and a competitor runs an agent in a sandbox, streaming its steps
                and returning artifacts.
              </p>
            </div>
          )}
          <MarkdownModeContext value={renderMode}>
            {messages.map(message =>
              message.role === 'user' ? (
                <UserMessageView
                  key={message.id}
                  message={message}
                  busy={runner.busy}
                  onEditAndResend={editAndResend}
                />
              ) : (
                <AssistantMessageView
                  key={message.id}
                  message={message}
                  isLast={message === last}
                  onRegenerate={regenerate}
                />
              ),
            )}
          </MarkdownModeContext>
        </div>
        <Composer
          busy={runner.busy}
          canSend={competitorId !== null}
          onSend={send}
          onStop={runner.stop}
        />
      </main>
    </div>
  );
}
