import type { ArtifactStore } from './artifact-store';
import { serveArtifact } from './serve-artifact';

/**
 * Answers `GET`/`HEAD /artifacts/:id` (and `/v1/artifacts/:id`) from any
 * {@link ArtifactStore}: Range (206/416), ETag (the sha256), `If-None-Match`
 * (304), `If-Range`, content type, length and disposition, `nosniff`, a
 * sandboxing CSP, and a cache lifetime within the TTL; 404 for an unknown or
 * expired id, OPTIONS 204 and other methods 405. The bytes stream from the
 * store as the client reads them. Every competitor does this for its own
 * store; call it to serve a store from another server.
 *
 * @param options.request The request.
 * @param options.store The store to serve.
 * @param options.now Clock in ms for the cache lifetime (default `Date.now`).
 * @returns The response, or `undefined` when the path is not an artifact's.
 * @example
 * ```ts
 * const response = await handleArtifactRequest({ request, store: artifacts });
 * if (response) return response;
 * ```
 */
export async function handleArtifactRequest(options: {
  request: Request;
  store: ArtifactStore;
  now?: () => number;
}): Promise<Response | undefined> {
  const { request } = options;
  const match = /^\/(?:v1\/)?artifacts\/([^/]*)$/.exec(
    new URL(request.url).pathname,
  );
  if (!match) return undefined;
  return serveArtifact({
    request,
    store: options.store,
    id: match[1] ?? '',
    now: (options.now ?? Date.now)(),
  });
}
