import {
  type Artifact,
  createErrorResponse,
  ifNoneMatchHits,
  ifRangeAllows,
  JanusError,
  methodNotAllowedError,
  parseByteRange,
} from '@janus/protocol';
import { expiresAt, isArtifactId } from '../internal/artifact-descriptor';
import { cancellationOf } from '../internal/cancellation-of';
import type { ArtifactStore } from './artifact-store';

/**
 * @internal Answers an artifact request: 404 when missing or expired, 304 on
 * a matching `If-None-Match` (weak comparison, lists, `*`), 206/416 for a
 * single valid `Range` (ignored when `If-Range` does not match the current
 * tag strongly: RFC 9110 13.1.5), else 200; with
 * type, length, disposition, ETag (the sha256) and a cache lifetime bounded
 * by the TTL. HEAD gets the headers only; OPTIONS 204 and other methods 405,
 * both with `allow`. Headers come from the descriptor (`stat`); the bytes
 * are asked for (`get`, with the range) only for a GET that sends a body,
 * and stream from the store as the client reads them; a client gone by
 * then gets 499 `cancelled` and the body is cancelled (its file closed).
 */
export async function serveArtifact(options: {
  request: Request;
  store: ArtifactStore;
  id: string;
  now: number;
}): Promise<Response> {
  const { request, store, id } = options;
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { allow: 'GET, HEAD' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return createErrorResponse(
      methodNotAllowedError({
        method: request.method,
        path: new URL(request.url).pathname,
        allow: ['GET', 'HEAD'],
      }),
      { headers: { allow: 'GET, HEAD' } },
    );
  }
  // Only ids a store issues are looked up; anything else (`..`, encoded
  // slashes, other names) is not found without asking the store.
  const artifact = isArtifactId(id) ? await store.stat(id) : undefined;
  if (!artifact) return notFound();
  const etag = `"${artifact.sha256}"`;
  const headers = new Headers({
    'content-type': artifact.mime_type,
    etag,
    'x-artifact-sha256': artifact.sha256,
    'accept-ranges': 'bytes',
    'cache-control': `private, max-age=${Math.max(0, Math.floor((expiresAt(artifact) - options.now) / 1000))}`,
    'content-disposition': contentDisposition(artifact),
    // Agent-made HTML or SVG must not run scripts in our origin.
    'content-security-policy': 'sandbox',
    'x-content-type-options': 'nosniff',
  });
  if (ifNoneMatchHits({ header: request.headers.get('if-none-match'), etag }))
    return new Response(null, { status: 304, headers });

  const size = artifact.size_bytes;
  // A client holding another version asked for a piece of it: send it all.
  const rangeHeader = ifRangeAllows({
    header: request.headers.get('if-range'),
    etag,
  })
    ? request.headers.get('range')
    : null;
  const range = parseByteRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers.set('content-length', String(end - start + 1));
  if (range) headers.set('content-range', `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (request.method === 'HEAD') return new Response(null, { status, headers });
  const found = await store.get(id, range ? { range } : {});
  // Deleted or expired since `stat`: nothing was sent yet, so say so.
  if (!found) return notFound();
  // The body may hold a file open (the file store opens it in `get`) until
  // it is read to the end or cancelled. A server reads or cancels the body
  // of a client that is there; one gone before its answer went out (while
  // `get` ran, or before a server took the body) leaves it to the garbage
  // collector, so cancel it here. Cancelling a body a server is reading
  // fails (locked) and changes nothing: that server cancels it itself.
  const release = () => {
    found.body.cancel().catch(() => {});
  };
  const { signal } = request;
  if (signal.aborted) {
    release();
    return createErrorResponse(cancellationOf(signal));
  }
  signal.addEventListener('abort', release, { once: true });
  return new Response(found.body, { status, headers });
}

function notFound(): Response {
  return createErrorResponse(
    new JanusError({
      message: 'Artifact not found or expired',
      code: 'not_found',
    }),
  );
}

function contentDisposition(artifact: Artifact): string {
  const kind =
    artifact.type === 'image' && artifact.mime_type !== 'image/svg+xml'
      ? 'inline'
      : 'attachment';
  const ascii = artifact.display_name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(artifact.display_name)}`;
}
