import type { Attachment } from './chat-types';

/** Size limits of attachments (bytes); images and other files separately. */
export const attachmentLimits = {
  imageBytes: 5 * 1024 * 1024,
  fileBytes: 2 * 1024 * 1024,
  /** Most attachments on one message. */
  count: 8,
  /**
   * Largest chat request, as sent: JSON with the attachments base64-encoded
   * (a third larger than the files) and the conversation's earlier
   * attachments sent again with every message. The gateway refuses bodies
   * over its `maxBodyBytes` (default 20 MiB) with HTTP 413; 16 MiB leaves
   * headroom. Lower it for a gateway with a smaller limit.
   */
  requestBytes: 16 * 1024 * 1024,
} as const;

/** Image types the UI sends as `image_url` parts. */
const imageTypes = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

/** The outcome of {@link readAttachment}. */
export type ReadAttachmentResult =
  | { ok: true; attachment: Attachment }
  | { ok: false; message: string };

/**
 * Reads a picked, pasted or dropped file into an {@link Attachment}, or says
 * clearly why it cannot be attached (too large).
 *
 * @param file - The browser `File`.
 */
export async function readAttachment(
  file: File,
): Promise<ReadAttachmentResult> {
  const kind = imageTypes.has(file.type) ? 'image' : 'file';
  const limit =
    kind === 'image' ? attachmentLimits.imageBytes : attachmentLimits.fileBytes;
  const name = file.name || (kind === 'image' ? 'pasted-image' : 'file');
  if (file.size > limit) {
    return {
      ok: false,
      message: `"${name}" is ${formatBytes(file.size)}; ${kind === 'image' ? 'images' : 'files'} can be at most ${formatBytes(limit)}.`,
    };
  }
  let dataUrl: string;
  try {
    dataUrl = await toDataUrl(file);
  } catch (error) {
    // The file went away or cannot be read (permissions): say so.
    return {
      ok: false,
      message: `"${name}" could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return {
    ok: true,
    attachment: {
      id: crypto.randomUUID(),
      kind,
      name,
      mimeType: file.type || 'application/octet-stream',
      size: file.size,
      dataUrl,
    },
  };
}

async function toDataUrl(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // Chunked: String.fromCharCode(...bigArray) overflows the call stack.
  for (let offset = 0; offset < bytes.length; offset += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return `data:${file.type || 'application/octet-stream'};base64,${btoa(binary)}`;
}

/**
 * Formats a byte count for people: `512 B`, `1.5 KB`, `7.2 MB`.
 *
 * @param bytes - A non-negative byte count.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
