import {
  ifNoneMatchHits,
  ifRangeAllows,
  JanusError,
  parseByteRange,
  UpstreamError,
} from '@janus/protocol';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';
import { headerOf } from '../internal/request-head';
import type { ArtifactRecord } from './artifact-index';
import { sliceByteStream } from './slice-byte-stream';

/**
 * `GET|HEAD /v1/artifacts/:id`: streams the bytes from the competitor URL the
 * gateway recorded (never a URL from the client), with `content-type`,
 * `content-length`, `etag` (the sha256, when known), `Range` (206/416),
 * `content-disposition` with the display name. Unknown or expired ids → 404.
 * Redirects are not followed (a redirect could leave the competitor's origin).
 * Conditionals follow RFC 9110 13.2.2, against the gateway's own `etag`:
 * `If-None-Match` (weak comparison, lists, `*`) → 304 before the competitor
 * is asked; an `If-Range` that does not match (strong comparison; a date
 * never matches, as the gateway sends no `Last-Modified`) drops `Range`, so
 * the answer is the whole 200.
 *
 * @internal
 */
export async function handleArtifactRequest(
  context: GatewayContext,
  scope: RequestScope,
  id: string,
): Promise<Response> {
  const record = await context.options.artifactIndex.get(id);
  if (record === undefined) throw notFound(id);
  const etag = record.sha256 ? `"${record.sha256}"` : undefined;
  // What a 304 carries too (RFC 9110 15.4.5): the validator, caching and
  // the response's own headers, no representation metadata.
  const notModifiedHeaders: Record<string, string> = {
    ...scope.responseHeaders,
    // Cached no longer than the record lives (at most an hour).
    'cache-control': `private, max-age=${maxAgeSeconds(record)}`,
    'x-content-type-options': 'nosniff',
    // An HTML artifact must not run scripts on the gateway's origin.
    'content-security-policy': 'sandbox',
    ...(etag ? { etag } : {}),
  };
  if (
    ifNoneMatchHits({
      header: headerOf(scope.request, 'if-none-match'),
      etag,
    })
  )
    return new Response(null, { status: 304, headers: notModifiedHeaders });
  const baseHeaders: Record<string, string> = {
    ...notModifiedHeaders,
    'content-type': record.mimeType,
    'content-disposition': contentDisposition(record),
    'accept-ranges': 'bytes',
  };
  const entry = context.registry.get(record.competitorId);
  const headers: Record<string, string> = {
    'accept-encoding': 'identity',
    'x-request-id': scope.requestId,
  };
  if (entry?.config.apiKey)
    headers.authorization = `Bearer ${entry.config.apiKey}`;
  // `If-Range` is decided here, on the gateway's tag: the competitor gets a
  // plain `Range`, or none when the client's copy is not the current one.
  const requestedRange = headerOf(scope.request, 'range');
  const range =
    requestedRange &&
    ifRangeAllows({ header: headerOf(scope.request, 'if-range'), etag })
      ? requestedRange
      : null;
  if (range) headers.range = range;
  const request = (method: 'GET' | 'HEAD') =>
    context.options
      .fetch(record.upstreamUrl, {
        method,
        headers,
        redirect: 'manual',
        signal: scope.request.signal,
      })
      .catch((cause: unknown) => {
        if (scope.request.signal.aborted) throw cause;
        throw new UpstreamError({
          message: `Cannot fetch artifact ${id} from the competitor`,
          code: 'upstream_unavailable',
          cause,
        });
      });
  // HEAD is forwarded as HEAD (no bytes move); a competitor that does not
  // serve HEAD gets a GET whose body the gateway then drops (`fetch`).
  let upstream = await request(
    scope.request.method === 'HEAD' ? 'HEAD' : 'GET',
  );
  if (
    scope.request.method === 'HEAD' &&
    (upstream.status === 405 || upstream.status === 501)
  ) {
    await upstream.body?.cancel();
    upstream = await request('GET');
  }
  if (upstream.status === 404 || upstream.status === 410) {
    await upstream.body?.cancel();
    throw notFound(id);
  }
  const length = upstream.headers.get('content-encoding')
    ? null
    : upstream.headers.get('content-length');
  if (upstream.status === 206 || upstream.status === 416) {
    const contentRange = upstream.headers.get('content-range');
    return new Response(upstream.status === 416 ? null : upstream.body, {
      status: upstream.status,
      headers: {
        ...baseHeaders,
        ...(contentRange ? { 'content-range': contentRange } : {}),
        ...(length && upstream.status === 206
          ? { 'content-length': length }
          : {}),
      },
    });
  }
  if (upstream.status !== 200) {
    await upstream.body?.cancel();
    throw new UpstreamError({
      message: `The competitor answered ${upstream.status} for artifact ${id}`,
      statusCode: upstream.status,
      code: 'upstream_error',
    });
  }
  const size = length !== null ? Number(length) : record.sizeBytes;
  const parsed =
    range && size !== undefined ? parseByteRange(range, size) : undefined;
  if (parsed === 'unsatisfiable') {
    await upstream.body?.cancel();
    return new Response(null, {
      status: 416,
      headers: { ...baseHeaders, 'content-range': `bytes */${size}` },
    });
  }
  if (parsed !== undefined && size !== undefined) {
    // The upstream ignored Range: slice it here.
    const sliced = upstream.body?.pipeThrough(sliceByteStream(parsed)) ?? null;
    return new Response(sliced, {
      status: 206,
      headers: {
        ...baseHeaders,
        'content-range': `bytes ${parsed.start}-${parsed.end}/${size}`,
        'content-length': String(parsed.end - parsed.start + 1),
      },
    });
  }
  return new Response(upstream.body, {
    status: 200,
    headers: {
      ...baseHeaders,
      ...(length ? { 'content-length': length } : {}),
    },
  });
}

function maxAgeSeconds(record: ArtifactRecord): number {
  const left = Math.floor((record.expiresAt - Date.now()) / 1000);
  return Math.max(0, Math.min(3600, left));
}

function notFound(id: string): JanusError {
  return new JanusError({
    message: `Artifact '${id}' does not exist or has expired`,
    code: 'not_found',
  });
}

// RFC 6266: an ASCII fallback plus the exact UTF-8 name (RFC 8187).
function contentDisposition(record: ArtifactRecord): string {
  const type = record.mimeType.startsWith('image/') ? 'inline' : 'attachment';
  const fallback = record.displayName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(record.displayName).replace(
    /['()*]/g,
    char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
