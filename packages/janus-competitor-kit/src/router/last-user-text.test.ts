import { describe, expect, it } from 'vitest';
import { lastUserText } from './last-user-text';

describe('lastUserText', () => {
  it('should read the last user message, joining its text parts', () => {
    expect(
      lastUserText({
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'answer' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is on' },
              { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
              { type: 'text', text: 'this picture?' },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'tool output' },
        ],
      }),
    ).toBe('What is on\nthis picture?');
    expect(
      lastUserText({ messages: [{ role: 'user', content: 'plain' }] }),
    ).toBe('plain');
  });

  it('should tell a missing user message from an empty one', () => {
    expect(
      lastUserText({ messages: [{ role: 'system', content: 'rules' }] }),
    ).toBeUndefined();
    expect(lastUserText({ messages: [{ role: 'user', content: '' }] })).toBe(
      '',
    );
  });
});
