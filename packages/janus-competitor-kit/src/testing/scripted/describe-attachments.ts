import type { ContentPart } from '@janus/protocol';
import { pngDominantColour } from './png-dominant-colour';
import { readImageHeader } from './read-image-header';

/**
 * Rule 4: describes the image and file parts of the last user message.
 * Returns `undefined` when there are none.
 */
export function describeAttachments(parts: ContentPart[]): string | undefined {
  const lines: string[] = [];
  for (const part of parts) {
    if (part.type === 'image_url')
      lines.push(describeImage(part.image_url.url));
    if (part.type === 'file') lines.push(describeFile(part.file));
  }
  if (lines.length === 0) return undefined;
  if (lines.length === 1) return lines[0];
  return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
}

function describeImage(url: string): string {
  if (!url.startsWith('data:')) return `An image at ${url} (not fetched).`;
  const bytes = decodeDataUrl(url);
  const header = bytes && readImageHeader(bytes);
  if (!bytes || !header) return 'An image whose format I could not read.';
  let description = `A ${header.format} image, ${header.width}×${header.height} pixels`;
  if (header.format === 'PNG') {
    let colour: string | undefined;
    try {
      colour = pngDominantColour(bytes);
    } catch {
      colour = undefined;
    }
    if (colour) description += `, mostly ${colour}`;
  }
  return `${description}.`;
}

function describeFile(file: {
  filename?: string;
  name?: string;
  mime_type?: string;
  file_data?: string;
  content?: string;
  size?: number;
}): string {
  const name = file.filename ?? file.name ?? 'unnamed file';
  let mimeType = file.mime_type;
  let bytes: Uint8Array | undefined;
  if (file.file_data !== undefined) {
    const match = /^data:([^;,]+)[^,]*,/.exec(file.file_data);
    mimeType ??= match?.[1];
    bytes = decodeDataUrl(
      match ? file.file_data : `data:;base64,${file.file_data}`,
    );
  } else if (file.content !== undefined) {
    // The PoC's `content` is text for text files and base64 otherwise.
    bytes = isTextType(mimeType, name)
      ? new TextEncoder().encode(file.content)
      : decodeDataUrl(`data:;base64,${file.content}`);
  }
  mimeType ??= 'application/octet-stream';
  const size = file.size ?? bytes?.length ?? 0;
  let description = `A file named "${name}" (${mimeType}, ${size} bytes)`;
  if (bytes && isTextType(mimeType, name)) {
    const firstLine = new TextDecoder().decode(bytes).split(/\r?\n/)[0] ?? '';
    description += ` whose first line is "${firstLine.slice(0, 200)}"`;
  }
  return `${description}.`;
}

function isTextType(mimeType: string | undefined, name: string): boolean {
  if (mimeType)
    return /^text\/|json|xml|yaml|csv|javascript|typescript/.test(mimeType);
  return /\.(txt|md|csv|json|py|js|ts|ya?ml|html?|xml|log)$/i.test(name);
}

function decodeDataUrl(url: string): Uint8Array | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(0, comma);
  const data = url.slice(comma + 1);
  if (meta.endsWith(';base64')) return Buffer.from(data, 'base64');
  return new TextEncoder().encode(decodeURIComponent(data));
}
