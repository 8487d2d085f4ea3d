import { safeParseJsonWith } from '@janus/protocol';
import type { z } from 'zod/v4';
import { payloadTooLarge, unsupportedMediaType } from '../core/sandy-errors';

/**
 * Reads a request body as JSON and validates it, with a size cap: a
 * `content-length` above `maxBytes`, or a body that grows past it, is a 413
 * (`payload_too_large`); invalid JSON is 400 `invalid_json`; a schema
 * mismatch is 400 `invalid_request` naming the field. An empty body is `{}`
 * (hosted Sandy clients POST create, refresh and terminate without one).
 * With `requireJsonContentType`, a non-empty body must be declared
 * `application/json` (415 otherwise): a browser sends `text/plain` and form
 * bodies cross-site without a CORS preflight, JSON not.
 */
export async function readJsonBody<T>(options: {
  request: Request;
  schema: z.ZodType<T>;
  maxBytes: number;
  subject: string;
  requireJsonContentType?: boolean;
}): Promise<T> {
  const text = await readBodyText(options.request, options.maxBytes);
  if (options.requireJsonContentType && text.trim() !== '') {
    const type = options.request.headers.get('content-type') ?? '';
    if (type.split(';')[0]!.trim().toLowerCase() !== 'application/json')
      throw unsupportedMediaType(
        `The ${options.subject} must be sent as content-type: application/json (got ${type || 'none'})`,
      );
  }
  const result = safeParseJsonWith({
    text: text.trim() === '' ? '{}' : text,
    schema: options.schema,
    subject: options.subject,
  });
  if (!result.success) throw result.error;
  return result.value;
}

async function readBodyText(
  request: Request,
  maxBytes: number,
): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number) {
  return payloadTooLarge(`The request body exceeds ${maxBytes} bytes`);
}
