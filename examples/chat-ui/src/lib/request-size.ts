import { attachmentLimits, formatBytes } from './read-attachment';

/** What makes a chat request heavy, and what helps (said with every size message). */
const why =
  "Attachments travel base64-encoded (a third larger than the files), and the conversation's earlier attachments are sent again with every message: remove an attachment, or start a new chat for it.";

/**
 * Bytes of the JSON a chat request sends (what the gateway's body limit
 * counts).
 *
 * @param body - The request body, before `JSON.stringify`.
 */
export function requestBytes(body: unknown): number {
  return new TextEncoder().encode(JSON.stringify(body)).byteLength;
}

/**
 * Why a chat request is too large to send, in words (MB, not bytes), or
 * `undefined` when it is within `attachmentLimits.requestBytes`.
 *
 * @param body - The request body, before `JSON.stringify`.
 */
export function requestTooLarge(body: unknown): string | undefined {
  const bytes = requestBytes(body);
  const limit = attachmentLimits.requestBytes;
  if (bytes <= limit) return undefined;
  return `Too large to send: this request would be ${formatBytes(bytes)}, and at most ${formatBytes(limit)} can be sent. ${why}`;
}

/**
 * The gateway's HTTP 413 (`payload_too_large`) in words: its limit in MB
 * (read from its message, "… exceeds 20971520 bytes") and what to do.
 *
 * @param gatewayMessage - The message of the gateway's error body, if any.
 */
export function payloadTooLargeMessage(gatewayMessage?: string): string {
  const limit = /(\d+) bytes/.exec(gatewayMessage ?? '')?.[1];
  const atMost = limit
    ? ` (it accepts at most ${formatBytes(Number(limit))})`
    : '';
  return `The gateway refused the request as too large${atMost}. ${why}`;
}
