import { describe, expect, it } from 'vitest';
import { buildChatRequest } from './build-chat-request';
import type { UserChatMessage } from './chat-types';
import { attachmentLimits } from './read-attachment';
import {
  payloadTooLargeMessage,
  requestBytes,
  requestTooLarge,
} from './request-size';

/** A user message with `count` images of `bytes` each (base64 in the data URL). */
function withImages(count: number, bytes: number): UserChatMessage {
  return {
    id: 'u',
    role: 'user',
    text: 'What is in these?',
    createdAt: 0,
    attachments: Array.from({ length: count }, (_, index) => ({
      id: `i${index}`,
      kind: 'image' as const,
      name: `photo-${index}.png`,
      mimeType: 'image/png',
      size: bytes,
      dataUrl: `data:image/png;base64,${'A'.repeat(Math.ceil(bytes / 3) * 4)}`,
    })),
  };
}

const request = (message: UserChatMessage) =>
  buildChatRequest({ messages: [message], competitorId: 'c' });

describe('requestTooLarge', () => {
  it('should weigh the request as sent: attachments base64-encoded', () => {
    const body = request(withImages(1, 3000));
    expect(requestBytes(body)).toBe(JSON.stringify(body).length);
    expect(requestBytes(body)).toBeGreaterThan(4000);
  });

  it('should let two 5 MB images through and refuse three, in MB', () => {
    const image = attachmentLimits.imageBytes;
    expect(requestTooLarge(request(withImages(2, image)))).toBeUndefined();
    expect(requestTooLarge(request(withImages(3, image)))).toMatch(
      /^Too large to send: this request would be 20 MB, and at most 16 MB can be sent\. Attachments travel base64-encoded/,
    );
  });
});

describe('payloadTooLargeMessage', () => {
  it("should give the gateway's limit in MB, not bytes", () => {
    expect(
      payloadTooLargeMessage('The request body exceeds 20971520 bytes'),
    ).toMatch(
      /^The gateway refused the request as too large \(it accepts at most 20 MB\)\. /,
    );
    expect(payloadTooLargeMessage()).toMatch(
      /^The gateway refused the request as too large\. /,
    );
  });
});
