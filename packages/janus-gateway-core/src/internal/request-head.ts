/**
 * Reading a request's headers and path without building a `Headers` or a
 * `URL` when the Node adapter already has them as Node parsed them.
 *
 * Why: with the caches as cold as they are at a few dozen requests a second,
 * building the undici `Headers` and the `URL` of a request took about 0.1 ms
 * on Node 20, a fifth of what the gateway did on a stream's way upstream
 * (docs/benchmarks/janus-gateway-core.md). The gateway reads three headers
 * and the path; the Node adapter's lazy request (node/lazy-request.ts) hands
 * them over as {@link NODE_HEAD} until somebody asks for `headers` or `url`.
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
  const raw = head.rawHeaders;
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

/** `new URL(request.url).pathname`, without parsing when it can be avoided. */
export function pathnameOf(request: Request): string {
  const head = nodeHeadOf(request);
  if (head !== undefined) {
    const pathname = simplePathname(head.target);
    if (pathname !== undefined) return pathname;
  }
  return pathnameOfUrl(request.url);
}

/**
 * Path characters the URL parser keeps as they are: no `.` (dot segments),
 * `%` (encoded dots), `\` (a slash in http URLs), nothing it percent-encodes,
 * and no leading `//` (which would start a host).
 */
const SIMPLE_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/]*$/;

/**
 * The pathname of an origin-form request target when the URL parser would
 * return it unchanged, else `undefined` (then parse).
 */
export function simplePathname(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  return SIMPLE_PATH.test(path) ? path : undefined;
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
