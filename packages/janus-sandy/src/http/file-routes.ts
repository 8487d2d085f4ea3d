import { fileWriteRequestSchema } from '@janus/protocol';
import { invalidRequest } from '../core/sandy-errors';
import { readJsonBody } from './read-json-body';
import type { RouteContext } from './route-context';

/** `POST /api/sandboxes/:id/files/write` `{path, content, encoding?}` → `{ok, path, size}`. */
export async function handleFileWrite(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const body = await readJsonBody({
    request: context.request,
    schema: fileWriteRequestSchema,
    maxBytes: context.maxBodyBytes,
    requireJsonContentType: context.requireJsonContentType,
    subject: 'file write request',
  });
  if (/\/\s*$/.test(body.path))
    throw invalidRequest(
      `'${body.path}' names a directory: give the path of a file`,
      'path',
    );
  let content: Uint8Array;
  if (body.encoding === 'base64') {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body.content.replace(/\s/g, '')))
      throw invalidRequest('content is not valid base64', 'content');
    content = Buffer.from(body.content, 'base64');
  } else {
    content = Buffer.from(body.content, 'utf8');
  }
  const written = await context.manager.writeFile(id, {
    path: body.path,
    content,
  });
  return Response.json({ ok: true, ...written });
}

/**
 * `GET /api/sandboxes/:id/files/read?path=[&encoding=base64]` → JSON
 * `{content, encoding, path, size}`: UTF-8 text when the file is valid UTF-8
 * without NUL bytes, else (or when asked) base64. With
 * `Accept: application/octet-stream` the raw bytes are returned instead.
 */
export async function handleFileRead(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const path = context.url.searchParams.get('path');
  if (!path)
    throw invalidRequest('The path query parameter is required', 'path');
  const file = await context.manager.readFile(id, path);
  const accept = context.request.headers.get('accept') ?? '';
  if (
    accept.includes('application/octet-stream') &&
    !accept.includes('application/json')
  ) {
    return new Response(file.content as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(file.content.byteLength),
      },
    });
  }
  const encoding = context.url.searchParams.get('encoding')?.toLowerCase();
  if (encoding !== undefined && !['base64', 'utf-8', 'utf8'].includes(encoding))
    throw invalidRequest(
      `Unsupported encoding '${encoding}': use base64, or utf-8 (text when the file is valid UTF-8)`,
      'encoding',
    );
  const forceBase64 = encoding === 'base64';
  const text = forceBase64 ? null : decodeText(file.content);
  return Response.json({
    content: text ?? Buffer.from(file.content).toString('base64'),
    encoding: text === null ? 'base64' : 'utf-8',
    path: file.path,
    size: file.content.byteLength,
  });
}

/** `GET /api/sandboxes/:id/files/list?path=[&recursive=true]` → `{files, entries}`. */
export async function handleFileList(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const recursive = ['1', 'true', 'yes'].includes(
    context.url.searchParams.get('recursive') ?? '',
  );
  const listing = await context.manager.listFiles(id, {
    path: context.url.searchParams.get('path') ?? '',
    recursive,
  });
  return Response.json(listing);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
