/**
 * Reading a request's headers and path without building a `Headers` or a
 * `URL` when the Node adapter already has them as Node parsed them.
 *
 * Why: with the caches as cold as they are at a few dozen requests a second,
 * building the undici `Headers` and the `URL` of a request took about 0.1 ms
 * on Node 20, a fifth of what the gateway did on a stream's way upstream
 * (docs/benchmarks/janus-gateway-core.md). The gateway reads three headers
 * and the path; the Node adapter's lazy request (node/lazy-request.ts) hands
 * them over as {@link NODE_HEAD} until somebody asks for `headers` or `url`,
 * and the request target as sent as {@link REQUEST_TARGET}.
 *
 * @internal
 */

/** The request head as the Node adapter received it. */
export interface NodeHead {
  /** `IncomingMessage.rawHeaders`: name, value, name, value… (values trimmed by Node). */
  rawHeaders: readonly string[];
  /** The request target (`/v1/chat/completions?x=1`), below any mount path. */
  target: string;
}

/**
 * On a `Request` from the Node adapter: its {@link NodeHead}, while its
 * `headers` object has not been built (after that, possibly changed, the
 * `Headers` object is the truth).
 */
export const NODE_HEAD: unique symbol = Symbol.for(
  '@janus/gateway-core.nodeHead',
) as never;

function nodeHeadOf(request: Request): NodeHead | undefined {
  return (request as { [NODE_HEAD]?: NodeHead })[NODE_HEAD];
}

/**
 * `request.headers.get(name)`: every value of the field, joined with `, `,
 * or `null`.
 *
 * @param name A lower-case header name.
 */
export function headerOf(request: Request, name: string): string | null {
  const head = nodeHeadOf(request);
  if (head === undefined) return request.headers.get(name);
  return rawHeaderValue(head.rawHeaders, name);
}

/**
 * `headers.get(name)` on Node's raw header list: every value of the field,
 * joined with `, `, or `null`.
 *
 * @param name A lower-case header name.
 */
export function rawHeaderValue(
  raw: readonly string[],
  name: string,
): string | null {
  let value: string | null = null;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const field = raw[index]!;
    if (field.length === name.length && field.toLowerCase() === name)
      value = value === null ? raw[index + 1]! : `${value}, ${raw[index + 1]}`;
  }
  return value;
}

/** A `Headers` object from Node's raw header list. */
export function headersFromRaw(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    // HTTP/2 pseudo-headers (`:path`) are not valid Fetch header names.
    if (!name.startsWith(':')) headers.append(name, raw[index + 1]!);
  }
  return headers;
}

/**
 * On a `Request` from the Node adapter: the request target exactly as the
 * client sent it (`IncomingMessage.url`, below any mount path). Unlike
 * {@link NODE_HEAD} it stays once `headers` is built: a `Request`'s URL
 * cannot change.
 */
export const REQUEST_TARGET: unique symbol = Symbol.for(
  '@janus/gateway-core.requestTarget',
) as never;

/**
 * The path the gateway routes on and logs: from the Node adapter, the path
 * of the request target as the client sent it ({@link pathOfTarget}); from
 * any other `Request`, the path of `request.url`, which whoever built the
 * `Request` has already normalised (dot segments, `%2e`, `\`).
 */
export function pathnameOf(request: Request): string {
  const target = (request as { [REQUEST_TARGET]?: string })[REQUEST_TARGET];
  if (target !== undefined) return pathOfTarget(target);
  return pathnameOfUrl(request.url);
}

/**
 * The path of a request target as sent: an origin-form target
 * (`/v1/models?x=1`) up to `?`, with no dot-segment, slash or
 * percent-decoding normalisation, so that `//x/metrics`,
 * `/v1/%2e%2e/metrics` or `/x\..\metrics` match no route instead of
 * becoming `/metrics`. An absolute-form target (`http://host/v1/models`,
 * RFC 9112 3.2.2) gives the path after its authority, as sent too; any
 * other form (`*`) is returned whole.
 */
export function pathOfTarget(target: string): string {
  // The common case costs what it did before: one indexOf, maybe a slice.
  if (target.charCodeAt(0) === 47 /* / */) {
    const query = target.indexOf('?');
    return query === -1 ? target : target.slice(0, query);
  }
  const authority = ABSOLUTE_FORM.exec(target);
  if (authority === null) return target;
  const rest = target.slice(authority[0].length);
  const query = rest.indexOf('?');
  const path = query === -1 ? rest : rest.slice(0, query);
  return path === '' ? '/' : path;
}

/** `scheme://authority` at the start of an absolute-form request target. */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * The `Request.url` of a Node request: the target resolved against
 * `http://<host>`. A target starting `//` or `/\` is kept as a path (the URL
 * parser would take what follows for a host: `//evil.example/health` must
 * not claim to be a request to `evil.example`). Dot segments are resolved
 * here, as every `Request.url` has them; the gateway routes on the target
 * itself ({@link REQUEST_TARGET}).
 */
export function urlOfTarget(target: string, host: string): string {
  const second = target.charCodeAt(1);
  const relative =
    target.charCodeAt(0) === 47 && (second === 47 || second === 92)
      ? `/.${target}`
      : target;
  return new URL(relative, `http://${host}`).href;
}

/**
 * The path of a `Request.url` without parsing it again: `Request` URLs are
 * already absolute and normalised (`http://host/path?query#hash`).
 */
function pathnameOfUrl(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  let end = url.length;
  for (const mark of ['?', '#']) {
    const at = url.indexOf(mark, start);
    if (at !== -1 && at < end) end = at;
  }
  return url.slice(start, end);
}
