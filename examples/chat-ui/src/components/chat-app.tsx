'use client';

// The page orchestrator: wires history, gateway info, the runner and the
// views together. Longer than most files on purpose (STYLE.md 2.4).

import {
  useCallback,
  useDeferredValue,
  useEffect,
  useRef,
  useState,
} from 'react';
import { buildChatRequest } from '../lib/build-chat-request';
import type {
  Attachment,
  ChatMessageItem,
  UserChatMessage,
} from '../lib/chat-types';
import { describeGatewayProblem } from '../lib/gateway-problem';
import { requestTooLarge } from '../lib/request-size';
import { useChatRunner } from '../lib/use-chat-runner';
import { useConversations } from '../lib/use-conversations';
import { useGatewayInfo } from '../lib/use-gateway-info';
import { useStickToBottom } from '../lib/use-stick-to-bottom';
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
  const composerInput = useRef<HTMLTextAreaElement>(null);

  const active =
    store.state.conversations.find(item => item.id === store.state.activeId) ??
    null;
  // Follow the answer while the reader is at the bottom; another
  // conversation opens at its end.
  const { follow } = useStickToBottom({
    listRef,
    resetKey: active?.id ?? null,
  });
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

  const { run, isRunning, stopConversation } = runner;
  const busy = isRunning(active?.id);
  const send = useCallback(
    (text: string, attachments: Attachment[]): string | undefined => {
      if (competitorId === null) return;
      const user: UserChatMessage = {
        id: crypto.randomUUID(),
        role: 'user',
        text,
        attachments,
        createdAt: Date.now(),
      };
      const history = [...messages, user];
      // Refused in the composer, which keeps the message: the gateway would
      // answer HTTP 413 only after the whole upload.
      const tooLarge = requestTooLarge(
        buildChatRequest({ messages: history, competitorId }),
      );
      if (tooLarge) return tooLarge;
      const conversationId = active?.id ?? store.create();
      follow();
      void run({ conversationId, history, competitorId });
    },
    [active?.id, competitorId, follow, messages, run, store],
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
      // The competitor picked now, not the one that answered before: after a
      // failure, switching competitors and retrying is the point.
      if (index < 0 || competitorId === null) return;
      void run({ conversationId: active.id, history, competitorId });
      // Retry and Regenerate go away while the new answer streams: continue
      // in the composer (not on <body>, where a keyboard user loses their place).
      composerInput.current?.focus();
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
      // The edited message is replaced: continue in the composer.
      composerInput.current?.focus();
    },
    [run],
  );

  // The history list may lag a streaming answer by a frame or two: it
  // re-renders at low priority instead of on every streamed frame.
  const sidebarConversations = useDeferredValue(store.state.conversations);
  const { create, select, remove } = store;
  // Deleting the conversation that is streaming also stops its request.
  const deleteConversation = useCallback(
    (id: string) => {
      stopConversation(id);
      remove(id);
    },
    [remove, stopConversation],
  );

  const sidebarToggle = useRef<HTMLButtonElement>(null);
  // Where focus goes once the phone overlay has closed. Only then: while it
  // is open the rest of the page is inert and cannot take focus.
  const focusAfterClose = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (sidebarOpen || focusAfterClose.current === null) return;
    focusAfterClose.current.focus();
    focusAfterClose.current = null;
  }, [sidebarOpen]);
  const sidebarOpenNow = useRef(sidebarOpen);
  sidebarOpenNow.current = sidebarOpen;
  const selectConversation = useCallback(
    (id: string) => {
      select(id);
      // On a phone the overlay closes: continue in the composer (the row
      // that had focus is gone from view).
      if (sidebarOpenNow.current)
        focusAfterClose.current = composerInput.current;
      setSidebarOpen(false);
    },
    [select],
  );
  const startNewChat = useCallback(() => {
    create();
    if (sidebarOpenNow.current) focusAfterClose.current = composerInput.current;
    setSidebarOpen(false);
  }, [create]);
  const closeSidebar = useCallback(() => {
    focusAfterClose.current = sidebarToggle.current;
    setSidebarOpen(false);
  }, []);

  // Global shortcuts: Esc stops the open conversation's answer, but only
  // when nothing else took the Esc (an edit, a rename, a delete question,
  // the history overlay or its search box call preventDefault), the phone
  // history is closed (while open, Esc closes it wherever focus is, even on
  // <body> after a tap on its empty part) and focus is in the chat, not in
  // the history; Ctrl/⌘+Shift+O starts a new chat.
  const activeId = active?.id ?? null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        if (event.defaultPrevented) return;
        if (sidebarOpenNow.current) {
          event.preventDefault();
          closeSidebar();
          return;
        }
        const target = event.target;
        const inHistory =
          target instanceof Element &&
          target.closest('[data-testid="sidebar"]') !== null;
        if (inHistory || !busy || !activeId) return;
        event.preventDefault();
        stopConversation(activeId);
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
  }, [busy, activeId, stopConversation, store.create, closeSidebar]);

  const last = messages[messages.length - 1];
  const nameOf = (id: string | null) =>
    info.models.find(model => model.id === id)?.janus?.name ?? id ?? undefined;
  const problem = info.problem && describeGatewayProblem(info.problem);
  const blockedReason =
    competitorId !== null
      ? null
      : problem
        ? `Sending is unavailable: ${problem.reason}`
        : info.checked && info.models.length === 0
          ? 'Sending is unavailable: the gateway lists no competitors.'
          : null;
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
      {/* While the phone history overlay is open (a modal dialog), the page behind it is inert. */}
      <main className="main" inert={sidebarOpen}>
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
            loading={!info.checked}
            staleLabel={
              info.modelsFresh ? undefined : (problem?.picker ?? 'unknown')
            }
            onChange={chooseCompetitor}
          />
          <ThemeToggle />
        </header>
        <StatusLine info={info} />
        {store.storageNote && <div className="notice">{store.storageNote}</div>}
        <div
          className="messages"
          ref={listRef}
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
                  busy={busy}
                  onEditAndResend={editAndResend}
                />
              ) : (
                <AssistantMessageView
                  key={message.id}
                  message={message}
                  isLast={message === last}
                  competitorName={nameOf(message.competitorId)}
                  onRegenerate={regenerate}
                />
              ),
            )}
          </MarkdownModeContext>
        </div>
        <Composer
          inputRef={composerInput}
          busy={busy}
          canSend={competitorId !== null}
          blockedReason={blockedReason}
          onSend={send}
          onStop={() => activeId && stopConversation(activeId)}
        />
      </main>
    </div>
  );
}
