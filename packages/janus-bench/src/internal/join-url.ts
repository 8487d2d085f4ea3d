/**
 * `path` appended to the path of `base`, with the query of `base` kept at
 * the end: a base URL may carry a query (`?api-version=…`, a key that a
 * proxy reads), and string concatenation would put the path inside it
 * (`http://h/x?k=1/health`). A query in `path` goes after the one of
 * `base`; fragments are dropped (they are never sent).
 *
 * @param options.base An absolute URL, with or without a trailing `/`.
 * @param options.path A path relative to `base` (`/health`, `v1/models`,
 *   `/artifacts/a?sig=1`); a leading `/` does not make it absolute.
 * @returns The joined URL.
 * @throws TypeError when `base` is not a URL.
 *
 * @example
 * joinUrl({ base: 'http://h/x?k=1', path: '/health' }) // 'http://h/x/health?k=1'
 */
export function joinUrl(options: { base: string; path: string }): string {
  const url = new URL(options.base);
  const [withoutHash = ''] = options.path.split('#', 1);
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt < 0 ? withoutHash : withoutHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : withoutHash.slice(queryAt + 1);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  // Appended as text: going through `searchParams` would re-encode the
  // base's own query (`%20` → `+`, `/` → `%2F`), which a signature breaks on.
  if (query !== '')
    url.search = url.search === '' ? `?${query}` : `${url.search}&${query}`;
  url.hash = '';
  return url.toString();
}
