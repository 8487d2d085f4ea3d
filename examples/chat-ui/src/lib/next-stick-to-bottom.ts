/** How close to the bottom (px) a move down must end to follow the answer again. */
const nearBottom = 80;

/** Options of {@link nextStickToBottom}: the list after a scroll event. */
export interface StickToBottomState {
  /** Whether the list was following the bottom. */
  stick: boolean;
  /** `scrollTop` at the previous scroll event or programmatic scroll. */
  previousTop: number;
  /** `scrollTop` now. */
  top: number;
  scrollHeight: number;
  clientHeight: number;
}

/**
 * Whether a message list keeps following a streaming answer after a scroll
 * event. Any move up stops following, however small (a trackpad or an arrow
 * key moves a few pixels at a time; a distance-from-bottom threshold alone
 * would snap the reader back to the bottom on the next frame). Being at the
 * bottom, or moving down to within 80 px of it, follows again.
 *
 * @returns The new "follow the bottom" state.
 */
export function nextStickToBottom(state: StickToBottomState): boolean {
  const gap = state.scrollHeight - state.top - state.clientHeight;
  // At the bottom (also when shrinking content clamped the position there).
  if (gap <= 2) return true;
  if (state.top < state.previousTop) return false;
  if (state.top > state.previousTop && gap < nearBottom) return true;
  return state.stick;
}
