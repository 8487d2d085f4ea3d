import { delegateMembers } from './delegate-members';
import { headersFromRaw, rawHeaderValue } from './request-head';

/** What a lazy response is made of. */
export interface LazyResponseInit {
  status: number;
  statusText?: string | undefined;
  /**
   * A record, or Node's raw header list (`IncomingMessage.rawHeaders`), is
   * made into `Headers` on first use of `headers`.
   */
  headers: Headers | Readonly<Record<string, string>> | RawHeaders;
  /** Makes the Web body; called at most once, on first use. */
  body: () => ReadableStream<Uint8Array>;
  /** A fetched response's URL (default `''`, as for a constructed one). */
  url?: string | undefined;
}

/** Node's raw header list: name, value, name, value… */
export interface RawHeaders {
  raw: readonly string[];
}

/**
 * On a lazy `Response`: its headers as the record it was made with, while
 * its `headers` object has not been built (after that, possibly changed, the
 * `Headers` object is the truth).
 */
export const RESPONSE_HEAD: unique symbol = Symbol.for(
  '@janus/gateway-core.responseHead',
) as never;

const INIT = Symbol('init');
const REAL = Symbol('real');
const HEADERS = Symbol('headers');

/**
 * A `Response` whose undici object, `Headers` and Web body stream are only
 * built when something asks for them.
 *
 * Why: on the Node stream path nobody reads them. The proxy takes the
 * upstream body through `PUSH_SOURCE` and the Node adapter takes the
 * gateway's through `DIRECT_BODY` (direct-io.ts), yet each stream used to
 * build two `ReadableStream`s, two `Response`s and two `Headers` on its way
 * to the first byte. On Node 20 a `ReadableStream` alone costs about 25 µs
 * of CPU and 2.7 KB of heap (a native transferable and a weak handle
 * included); together they were about a fifth of what an open stream keeps
 * alive, which is what each young-generation GC pause copies (see
 * docs/benchmarks/janus-gateway-core.md, "Heap per open stream").
 *
 * `status`, `statusText`, `ok`, `type`, `url`, `redirected`, `headers` and
 * `clone()` (which carries the current `headers`) are own members.
 * `headers` is made on first use from a plain record (the Node adapter
 * reads the record through {@link RESPONSE_HEAD} meanwhile) or
 * from Node's raw header list (the gateway reads it through
 * {@link responseHeaderOf} meanwhile). Every other member of
 * `Response.prototype` (`body`, `text()`, `arrayBuffer()`, …) builds the real
 * `Response` from the same parts on first use and delegates to it, so any
 * reader sees a complete `Response` (`instanceof Response` holds). The same
 * pattern as node/lazy-request.ts.
 *
 * Only for Node, whose `Response` is JavaScript over these public members: a
 * runtime with a native `Response` (Deno, Bun, workerd) would read its own
 * internal slots. The gateway makes one only for the Node adapter and in
 * `createNodeFetch`.
 */
class LazyResponse {
  readonly status: number;
  readonly statusText: string;
  private readonly [INIT]: LazyResponseInit;
  private [REAL]: Response | undefined;
  private [HEADERS]: Headers | undefined;

  constructor(init: LazyResponseInit) {
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this[INIT] = init;
    if (init.headers instanceof Headers) this[HEADERS] = init.headers;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  // What any constructed (not fetched) `Response` says, but for `url`.
  get type(): ResponseType {
    return 'default';
  }
  get url(): string {
    return this[INIT].url ?? '';
  }
  get redirected(): boolean {
    return false;
  }

  get [RESPONSE_HEAD](): Readonly<Record<string, string>> | undefined {
    const given = this[INIT].headers;
    return this[HEADERS] === undefined && !isRaw(given)
      ? (given as Readonly<Record<string, string>>)
      : undefined;
  }

  get headers(): Headers {
    let headers = this[HEADERS];
    if (headers === undefined) {
      const given = this[INIT].headers;
      headers = isRaw(given)
        ? headersFromRaw(given.raw)
        : new Headers(given as Record<string, string>);
      this[HEADERS] = headers;
    }
    return headers;
  }

  get bodyUsed(): boolean {
    return this[REAL]?.bodyUsed ?? false;
  }

  clone(): Response {
    // The real `Response` got a copy of `headers` when it was made; a header
    // set or deleted since is only in ours, which the copy must carry.
    const copy = real(this).clone();
    return withUrl(
      new Response(copy.body, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      }),
      this.url,
    );
  }
}

/**
 * `response` with `url` as its URL. A constructed `Response` has none, and
 * its `url` is a getter without a setter, so an own property shadows it.
 */
export function withUrl(response: Response, url: string): Response {
  if (url !== '')
    Object.defineProperty(response, 'url', { value: url, enumerable: false });
  return response;
}

function real(response: LazyResponse): Response {
  let built = response[REAL];
  if (built === undefined) {
    built = new Response(response[INIT].body(), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    response[REAL] = built;
  }
  return built;
}

delegateMembers({
  lazy: LazyResponse.prototype,
  base: Response.prototype,
  own: new Set([
    'status',
    'statusText',
    'ok',
    'type',
    'url',
    'redirected',
    'headers',
    'bodyUsed',
    'clone',
  ]),
  real,
});

/**
 * A `Response` with a body that is cheap to make and complete on demand
 * (Node only). See {@link LazyResponse}.
 */
export function createLazyResponse(init: LazyResponseInit): Response {
  // What the `Response` constructor refuses is refused now, not later.
  const { status, statusText } = init;
  if (!Number.isInteger(status) || status < 200 || status > 599)
    throw new RangeError(`Invalid response status code ${status}`);
  if (statusText !== undefined && !REASON_PHRASE.test(statusText))
    throw new TypeError('Invalid statusText');
  // A record goes to Node's `writeHead` as it is, so it is checked as
  // `Headers` would check it (Node would throw later, outside any handler).
  if (!(init.headers instanceof Headers || isRaw(init.headers)))
    for (const [name, value] of Object.entries(init.headers))
      if (!TOKEN.test(name) || !FIELD_VALUE.test(value))
        throw new TypeError(`Invalid header: ${JSON.stringify(name)}`);
  return new LazyResponse(init) as unknown as Response;
}

/** RFC 9110 `token` (a field name). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A field value Node writes as it is: no CR, LF, NUL or other controls, no edge whitespace. */
const FIELD_VALUE =
  /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
/** RFC 9112 `reason-phrase`: HTAB, SP, VCHAR, obs-text. */
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * `response.headers.get(name)`, without building the `Headers` of a lazy
 * response made from a raw header list.
 *
 * @param name A lower-case header name.
 */
export function responseHeaderOf(
  response: Response,
  name: string,
): string | null {
  if (response instanceof LazyResponse && response[HEADERS] === undefined) {
    const given = response[INIT].headers;
    if (isRaw(given)) return rawHeaderValue(given.raw, name);
  }
  return response.headers.get(name);
}

function isRaw(headers: LazyResponseInit['headers']): headers is RawHeaders {
  return (headers as Partial<RawHeaders>).raw !== undefined;
}

/** The header record of a lazy response whose `headers` were never built. */
export function responseHeadOf(
  response: Response,
): Readonly<Record<string, string>> | undefined {
  return (response as { [RESPONSE_HEAD]?: Readonly<Record<string, string>> })[
    RESPONSE_HEAD
  ];
}
