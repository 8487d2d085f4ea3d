import { Readable } from 'node:stream';
import { JanusError, parseByteRange } from '@janus/protocol';
import { invalidRequest } from '../core/sandy-errors';
import { contentTypeFor } from './content-type-for';
import type { RouteContext } from './route-context';

/**
 * `GET|HEAD /sandbox/:id/artifacts/<name>`: a file under
 * `/workspace/artifacts`, with its content type, `content-length`,
 * `accept-ranges: bytes`, single-range `Range` support (206/416), and
 * `content-security-policy: sandbox` with `nosniff` (agent-made HTML/SVG
 * runs no scripts in Sandy's origin). Names are percent-decoded per segment
 * and go through the same path and symlink checks as the file API, confined
 * to the artifacts directory.
 */
export async function handleArtifact(
  context: RouteContext,
  id: string,
  encodedName: string,
): Promise<Response> {
  const segments = encodedName.split('/').map(segment => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw invalidRequest('Malformed artifact name', 'name');
    }
  });
  if (
    segments.some(
      segment =>
        segment === '..' || segment.includes('/') || segment.includes('\0'),
    )
  )
    throw invalidRequest(
      'Artifact names must not contain ".." or encoded slashes',
      'name',
    );
  const name = segments
    .filter(segment => segment !== '' && segment !== '.')
    .join('/');
  if (name === '') throw invalidRequest('An artifact name is required', 'name');
  const handle = await context.manager.openFile(id, `artifacts/${name}`);
  const { size } = await handle.stat();
  const headers = new Headers({
    'content-type': contentTypeFor(name),
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
    // Agent-made HTML or SVG must not run scripts in Sandy's origin.
    'content-security-policy': 'sandbox',
    'x-content-type-options': 'nosniff',
  });
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = parseByteRange(context.request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    await handle.close();
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    ({ start, end } = range);
    status = 206;
    headers.set('content-range', `bytes ${start}-${end}/${size}`);
  }
  headers.set('content-length', String(Math.max(0, end - start + 1)));
  if (context.request.method === 'HEAD' || size === 0) {
    await handle.close();
    return new Response(null, { status, headers });
  }
  const body = Readable.toWeb(
    handle.createReadStream({ start, end }),
  ) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

/** 404 for unknown routes. */
export function routeNotFound(method: string, path: string): JanusError {
  return new JanusError({
    message: `No route for ${method} ${path}`,
    code: 'not_found',
  });
}
