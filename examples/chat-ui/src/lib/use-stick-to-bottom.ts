'use client';

import {
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
} from 'react';
import { nextStickToBottom } from './next-stick-to-bottom';

/** Keys that scroll a list up (when focus is not in a text field). */
const scrollUpKeys = new Set(['ArrowUp', 'PageUp', 'Home']);

/** Options of {@link useStickToBottom}. */
export interface StickToBottomOptions {
  /** The scroll container (the message list). */
  listRef: RefObject<HTMLElement | null>;
  /** The open conversation: a new one opens at its end. */
  resetKey: string | null;
}

/**
 * Keeps a message list at its bottom while the reader is there, so a
 * streaming answer stays in view, and lets go as soon as the reader moves up
 * (wheel, trackpad, keys, scroll bar; see {@link nextStickToBottom}). It
 * scrolls after every render and whenever the messages change size without
 * one (markdown blocks with `content-visibility: auto` are laid out only
 * when they come near the screen, images load), and opens another
 * conversation at its end.
 *
 * @returns `follow()`: follow the bottom again (after the user sends).
 */
export function useStickToBottom(options: StickToBottomOptions) {
  const { listRef, resetKey } = options;
  const stick = useRef(true);
  const lastTop = useRef(0);
  const pin = useCallback(() => {
    const list = listRef.current;
    if (!list || !stick.current) return;
    list.scrollTop = list.scrollHeight;
    lastTop.current = list.scrollTop;
  }, [listRef]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger
  useLayoutEffect(() => {
    stick.current = true;
    pin();
  }, [resetKey, pin]);
  // After every render: the streaming answer grew.
  useLayoutEffect(() => {
    pin();
  });

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const scrollable = () => list.scrollHeight > list.clientHeight;
    const onScroll = () => {
      stick.current = nextStickToBottom({
        stick: stick.current,
        previousTop: lastTop.current,
        top: list.scrollTop,
        scrollHeight: list.scrollHeight,
        clientHeight: list.clientHeight,
      });
      lastTop.current = list.scrollTop;
    };
    // Wheel and keys let go at once, before their scroll event: a frame
    // committed in between would otherwise pin the list back down first.
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0 && scrollable()) stick.current = false;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target;
      const typing =
        target instanceof Element &&
        target.closest('textarea, input, select, [contenteditable]') !== null;
      if (scrollUpKeys.has(event.key) && !typing && scrollable())
        stick.current = false;
    };
    // Size changes without a render; the message elements come and go.
    const resize =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(pin);
    for (const child of list.children) resize?.observe(child);
    const children = new MutationObserver(records => {
      for (const record of records) {
        for (const node of record.addedNodes)
          if (node instanceof Element) resize?.observe(node);
        for (const node of record.removedNodes)
          if (node instanceof Element) resize?.unobserve(node);
      }
    });
    children.observe(list, { childList: true });
    list.addEventListener('scroll', onScroll, { passive: true });
    list.addEventListener('wheel', onWheel, { passive: true });
    list.addEventListener('keydown', onKeyDown);
    return () => {
      list.removeEventListener('scroll', onScroll);
      list.removeEventListener('wheel', onWheel);
      list.removeEventListener('keydown', onKeyDown);
      children.disconnect();
      resize?.disconnect();
    };
  }, [listRef, pin]);

  const follow = useCallback(() => {
    stick.current = true;
  }, []);
  return { follow };
}
