import { JanusError } from '@janus/protocol';
import { requestBytesOf } from '../internal/direct-io';
import { headerOf } from '../internal/request-head';

/**
 * Stateless between calls (no `stream` option), so one serves every request.
 * Fatal: bytes that are not UTF-8 are refused rather than forwarded as
 * U+FFFD, which would silently change the user's text. A leading BOM is
 * dropped.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as UTF-8 text with a byte limit. A declared
 * `content-length` over the limit is refused before reading; an undeclared
 * (chunked) body is counted while it streams and refused as soon as it
 * crosses the limit, so a huge body never lands in memory. Throws
 * `JanusError` `payload_too_large` (413) or `invalid_json` (400, no body or
 * not UTF-8).
 *
 * @internal
 */
export async function readRequestText(
  request: Request,
  maxBytes: number,
): Promise<string> {
  const declared = Number(headerOf(request, 'content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw tooLarge(maxBytes);
  const preRead = requestBytesOf(request);
  if (preRead !== undefined) {
    if (preRead.byteLength > maxBytes) throw tooLarge(maxBytes);
    return decodeUtf8(preRead);
  }
  if (request.body === null) throw invalidJson('The request has no body');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalidJson('The request body is not valid UTF-8');
  }
}

function tooLarge(maxBytes: number): JanusError {
  return new JanusError({
    message: `The request body exceeds ${maxBytes} bytes`,
    code: 'payload_too_large',
  });
}

function invalidJson(message: string): JanusError {
  return new JanusError({ message, code: 'invalid_json' });
}
