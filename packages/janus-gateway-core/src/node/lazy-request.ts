import { delegateMembers } from '../internal/delegate-members';
import {
  abortControllerFrom,
  CLIENT_GONE,
  type ClientGoneHook,
  REQUEST_BYTES,
} from '../internal/direct-io';
import {
  headerOf,
  headersFromRaw,
  NODE_HEAD,
  type NodeHead,
  REQUEST_TARGET,
  urlOfTarget,
} from '../internal/request-head';

/** What a lazy request is made of. */
interface LazyRequestInit {
  /** Raw headers and request target; `headers` and `url` are made from them on first use. */
  head: NodeHead;
  method: string;
  /** Calls back when the client goes away; `signal` is made from it on first use. */
  clientGone: ClientGoneHook;
  /** The whole body, already read; none for GET/HEAD. */
  body: Uint8Array | undefined;
}

const INIT = Symbol('init');
const REAL = Symbol('real');
const SIGNAL = Symbol('signal');
const HEADERS = Symbol('headers');
const URL_TEXT = Symbol('url');

/**
 * A `Request` whose undici object is only built when something needs it.
 *
 * Why: constructing a `Request` in Node 20 costs 30–50 µs of CPU (more with a
 * cold cache), a large part of what the gateway adds to a request's way
 * upstream, and the gateway itself only reads `url`, `method`, `headers`,
 * `signal` and the pre-read body. Those are cheap here: `method` is a plain
 * field; `headers`, `url` and `signal` are made on first use (the gateway
 * reads headers and the path through `NODE_HEAD` and listens through
 * `CLIENT_GONE`, so most requests never need a `Headers`, a `URL` or an
 * `AbortController`); every other
 * member of `Request.prototype` (`body`, `text()`, `clone()`, …) builds the
 * real `Request` from the same parts on first use and delegates to it, so
 * any handler sees a complete `Request` (`instanceof Request` holds). The
 * same pattern as @hono/node-server's lightweight request.
 */
class LazyRequest {
  readonly method: string;
  readonly [REQUEST_BYTES]: Uint8Array | undefined;
  readonly [CLIENT_GONE]: ClientGoneHook;
  private readonly [INIT]: LazyRequestInit;
  private [REAL]: Request | undefined;
  private [SIGNAL]: AbortSignal | undefined;
  private [HEADERS]: Headers | undefined;
  private [URL_TEXT]: string | undefined;

  constructor(init: LazyRequestInit) {
    this.method = init.method;
    this[REQUEST_BYTES] = init.body;
    this[CLIENT_GONE] = init.clientGone;
    this[INIT] = init;
  }

  /** The raw head, until `headers` is built (it may be changed after that). */
  get [NODE_HEAD](): NodeHead | undefined {
    return this[HEADERS] === undefined ? this[INIT].head : undefined;
  }

  /** The request target as the client sent it (the gateway routes on it). */
  get [REQUEST_TARGET](): string {
    return this[INIT].head.target;
  }

  get headers(): Headers {
    let headers = this[HEADERS];
    if (headers === undefined) {
      headers = headersFromRaw(this[INIT].head.rawHeaders);
      this[HEADERS] = headers;
    }
    return headers;
  }

  get url(): string {
    let url = this[URL_TEXT];
    if (url === undefined) {
      const host = headerOf(this as unknown as Request, 'host') ?? 'localhost';
      url = urlOfTarget(this[INIT].head.target, host);
      this[URL_TEXT] = url;
    }
    return url;
  }

  /** Aborts when the client goes away (made on first use). */
  get signal(): AbortSignal {
    let signal = this[SIGNAL];
    if (signal === undefined) {
      signal = abortControllerFrom(this[INIT].clientGone).signal;
      this[SIGNAL] = signal;
    }
    return signal;
  }

  get bodyUsed(): boolean {
    return this[REAL]?.bodyUsed ?? false;
  }
}

function real(request: LazyRequest): Request {
  let built = request[REAL];
  if (built === undefined) {
    const init = request[INIT];
    built = new Request(request.url, {
      method: init.method,
      headers: request.headers,
      signal: request.signal,
      body: init.body as Uint8Array<ArrayBuffer> | undefined,
    });
    request[REAL] = built;
  }
  return built;
}

delegateMembers({
  lazy: LazyRequest.prototype,
  base: Request.prototype,
  own: new Set(['url', 'method', 'headers', 'signal', 'bodyUsed']),
  real,
});

/**
 * A `Request` for a Node request whose body is already in memory (or has
 * none): cheap to make, complete on demand. See {@link LazyRequest}.
 *
 * @internal
 */
export function createLazyRequest(init: LazyRequestInit): Request {
  return new LazyRequest(init) as unknown as Request;
}
