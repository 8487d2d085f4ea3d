import { describe, expect, it } from 'vitest';
import { nextStickToBottom } from './next-stick-to-bottom';

// A list 1000 px tall showing 400 px: the bottom is at scrollTop 600.
const list = { scrollHeight: 1000, clientHeight: 400 };

describe('nextStickToBottom', () => {
  it('should stop following on any move up, however small', () => {
    expect(
      nextStickToBottom({ ...list, stick: true, previousTop: 600, top: 592 }),
    ).toBe(false);
    expect(
      nextStickToBottom({ ...list, stick: true, previousTop: 600, top: 560 }),
    ).toBe(false);
  });

  it('should follow again at the bottom or when moving down close to it', () => {
    expect(
      nextStickToBottom({ ...list, stick: false, previousTop: 300, top: 600 }),
    ).toBe(true);
    expect(
      nextStickToBottom({ ...list, stick: false, previousTop: 500, top: 560 }),
    ).toBe(true);
    expect(
      nextStickToBottom({ ...list, stick: false, previousTop: 100, top: 300 }),
    ).toBe(false);
  });

  it('should keep following when content shrinks and the position is clamped to the bottom', () => {
    expect(
      nextStickToBottom({
        scrollHeight: 900,
        clientHeight: 400,
        stick: true,
        previousTop: 600,
        top: 500,
      }),
    ).toBe(true);
  });

  it('should not change its mind without a move (content growing below the reader)', () => {
    expect(
      nextStickToBottom({ ...list, stick: false, previousTop: 200, top: 200 }),
    ).toBe(false);
  });
});
