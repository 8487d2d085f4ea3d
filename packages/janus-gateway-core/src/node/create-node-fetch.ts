import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CONNECT_HOOK, connectHookOf } from '../chat/connect-hook';
import {
  ABORT_HOOK,
  type ClientGoneHook,
  onSignalAbort,
} from '../internal/direct-io';
import { toFetchResponse } from './to-fetch-response';

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** Most sockets per upstream origin (default: no limit). */
  maxSockets?: number;
  /** Idle keep-alive sockets kept per origin (default 256). */
  maxFreeSockets?: number;
}

/** A `fetch` for the gateway's upstream calls, plus `close()` for its sockets. */
export type NodeFetch = typeof globalThis.fetch & {
  /** Destroys the pooled keep-alive sockets. */
  close(): void;
};

/**
 * A `fetch` over `node:http`/`node:https` with keep-alive agents (one
 * connection per request in flight, no pipelining, `TCP_NODELAY`), for the
 * gateway's `fetch` option. On Node 20 it reaches the upstream's first byte
 * in about half the time and CPU of the global `fetch` (undici), which is
 * most of what the gateway adds to a stream's time to first token.
 *
 * It handles what the gateway sends: `redirect: 'manual'`, a string or byte
 * body, headers, `signal` (aborts the request or the body being read). Any
 * other call (a `Request` input, a stream or form body, redirects to follow)
 * goes to `globalThis.fetch` unchanged. No `accept-encoding` is added (the
 * gateway sends `identity`); a gzip, deflate or br body is decompressed, as
 * the global `fetch` does. Connection errors reject with
 * `TypeError('fetch failed')` and the cause, as the global `fetch` does.
 * It tells the gateway when a connection is established, so a non-stream
 * request can still time out a competitor that never accepts one; an
 * answer that comes while a large body is still being sent (a 413) is
 * returned rather than the failed upload.
 *
 * @param options Socket pool limits.
 * @returns The `fetch` function (with `close()`).
 * @example
 * ```ts
 * const gateway = createGateway({ competitors, fetch: createNodeFetch() });
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? Number.POSITIVE_INFINITY,
    maxFreeSockets: options.maxFreeSockets ?? 256,
    scheduling: 'lifo' as const,
  };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const nodeFetch = (async (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    const body = init.body ?? null;
    if (
      input instanceof Request ||
      init.redirect !== 'manual' ||
      !(body === null || typeof body === 'string' || body instanceof Uint8Array)
    ) {
      return globalThis.fetch(input, withSignal(init));
    }
    const target = targetOf(input);
    if (target === undefined) return globalThis.fetch(input, withSignal(init));
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const headers = toHeaderList(init.headers, target.host);
    const bodyBytes = body === null ? 0 : Buffer.byteLength(body);
    if (body !== null) setHeader(headers, 'content-length', String(bodyBytes));
    // A header list (not an object) goes to Node's request as it is:
    // validated once while the head is written, no per-header bookkeeping.
    const request = (target.secure ? httpsRequest : httpRequest)({
      host: target.hostname,
      port: target.port,
      path: target.path,
      method: init.method ?? 'GET',
      headers,
      agent: target.secure ? https : http,
    });
    return new Promise<Response>((resolve, reject) => {
      let response: IncomingMessage | undefined;
      // The abort as the body sees it, set by whichever reports it (the
      // gateway's hook, with no signal, or the signal).
      const abort = { aborted: false, reason: undefined as unknown };
      const onAbort = (reason: unknown) => {
        abort.aborted = true;
        abort.reason = reason;
        // Node streams carry any reason as their error, as Fetch bodies do.
        const error = reason as Error;
        if (response) response.destroy(error);
        else reject(reason);
        request.destroy(error);
      };
      const release = listenForAbort(init, onAbort);
      // The gateway times a non-stream request's connection only (see
      // chat/connect-hook.ts): a reused socket is connected already.
      const onConnect = connectHookOf(init);
      request.once('socket', socket => {
        socket.setNoDelay(true);
        if (onConnect === undefined) return;
        if (socket.connecting) socket.once('connect', onConnect);
        else onConnect();
      });
      // `on`, not `once`: a second error must not go unhandled.
      request.on('error', error => {
        release();
        if (abort.aborted || signal?.aborted || response) return;
        const failure = new TypeError('fetch failed', { cause: error });
        // Node's keep-alive race: the server closed an idle connection as
        // it was reused, so it never saw this request; safe to send again
        // (see `isConnectFailure` in chat/fetch-upstream.ts).
        if (
          request.reusedSocket &&
          (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        )
          Object.assign(failure, { staleConnection: true });
        reject(failure);
      });
      request.once('response', incoming => {
        response = incoming;
        incoming.on('close', release);
        // An answer before the whole body was sent (a 413, say): the
        // connection is not reused, whatever the competitor does with the
        // rest. Node would hand it back to the pool when the body's last
        // write fails, and the socket's error would then go unhandled.
        if (!request.writableFinished) request.shouldKeepAlive = false;
        try {
          resolve(
            toFetchResponse({
              incoming,
              head: init.method === 'HEAD',
              abort,
              url: target.url,
            }),
          );
        } catch (error) {
          incoming.destroy();
          reject(new TypeError('fetch failed', { cause: error }));
        }
      });
      if (bodyBytes > PIECE_BYTES)
        writeInPieces(request, body!, () => response);
      else request.end(body ?? undefined);
    });
  }) as NodeFetch;
  // It reports connections (`init[CONNECT_HOOK]`), and listens for the
  // gateway's abort through `init[ABORT_HOOK]` (no signal needed).
  Object.assign(nodeFetch, { [CONNECT_HOOK]: true, [ABORT_HOOK]: true });
  nodeFetch.close = () => {
    http.destroy();
    https.destroy();
  };
  return nodeFetch;
}

/** Bodies over this size are sent piece by piece (see {@link writeInPieces}). */
const PIECE_BYTES = 64 * 1024;

/**
 * Sends a large body one piece per event-loop turn, and stops once the
 * competitor has answered with anything but a 2xx.
 *
 * Why: a competitor that refuses a body (a 413) may answer after reading a
 * little of it and close the connection. Its answer then sits in the
 * socket's receive buffer, but the next write fails (EPIPE, ECONNRESET), and
 * Node destroys the socket for a failed write without reading what is
 * buffered: the caller would get a connection error instead of the 413 (a
 * 502 that OpenAI clients retry, uploading the body again). A whole body
 * handed to Node at once is written in back-to-back writes; pieces written
 * a turn apart let the socket read between writes, so the answer is seen
 * first and the upload stops. A 2xx answer (a competitor that streams
 * before it has read everything) still gets the whole body. Measured on
 * loopback, a 19 MiB upload takes no longer this way.
 */
function writeInPieces(
  request: ClientRequest,
  body: string | Uint8Array,
  answer: () => IncomingMessage | undefined,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let offset = 0;
  const next = () => {
    if (request.destroyed) return;
    const status = answer()?.statusCode;
    if (status !== undefined && (status < 200 || status > 299)) return;
    const end = Math.min(offset + PIECE_BYTES, bytes.byteLength);
    const piece = bytes.subarray(offset, end);
    offset = end;
    if (end === bytes.byteLength) request.end(piece);
    // After the write was flushed (a failed one destroys the request), and
    // after the next poll for I/O: from a socket callback one
    // `setImmediate` still runs before it, two never do.
    else request.write(piece, () => setImmediate(setImmediate, next));
  };
  next();
}

/**
 * `init` for the global `fetch`: the gateway gives this fetch no signal (it
 * listens through the abort hook), so one is made from the hook.
 */
function withSignal(init: RequestInit): RequestInit {
  const hook = (init as { [ABORT_HOOK]?: ClientGoneHook })[ABORT_HOOK];
  if (hook === undefined || init.signal) return init;
  const controller = new AbortController();
  hook(reason => controller.abort(reason));
  return { ...init, signal: controller.signal };
}

/**
 * Calls `onAbort` when `init.signal` aborts; returns the unsubscribe. The
 * gateway's own hook when it is there (no EventTarget listener), else the
 * signal's `abort` event.
 */
function listenForAbort(
  init: RequestInit,
  onAbort: (reason: unknown) => void,
): () => void {
  const hook = (init as { [ABORT_HOOK]?: ClientGoneHook })[ABORT_HOOK];
  if (hook) return hook(onAbort);
  return init.signal ? onSignalAbort(init.signal, onAbort) : () => {};
}

/** Where a request goes, from its URL. */
interface Target {
  secure: boolean;
  /** For `net.connect` (IPv6 without brackets). */
  hostname: string;
  port: number;
  /** Path and query. */
  path: string;
  /** The `Host` header (`url.host`: brackets, port unless the default). */
  host: string;
  /** `response.url`. */
  url: string;
}

/** Targets by URL text: a gateway calls a handful of upstream URLs. */
const targetCache = new Map<string, Target>();

/** The request target of an `http:`/`https:` URL, else `undefined`. */
function targetOf(input: string | URL): Target | undefined {
  const text = typeof input === 'string' ? input : input.href;
  let target = targetCache.get(text);
  if (target === undefined) {
    const url = new URL(text);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return undefined;
    target = {
      secure,
      hostname: url.hostname.startsWith('[')
        ? url.hostname.slice(1, -1)
        : url.hostname,
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      host: url.host,
      // As Fetch reports it: no fragment (a serialized URL's only `#`).
      url: url.href.split('#', 1)[0]!,
    };
    // Bounded: a gateway with thousands of distinct URLs just parses.
    if (targetCache.size >= 256) targetCache.clear();
    targetCache.set(text, target);
  }
  return target;
}

/**
 * The request's headers as a flat `[name, value, …]` list, names
 * lower-cased, with `host` (unless given); a plain object (what the gateway
 * sends) is read without a `Headers` round trip.
 */
function toHeaderList(init: HeadersInit | undefined, host: string): string[] {
  const list: string[] = [];
  if (init instanceof Headers || Array.isArray(init)) {
    new Headers(init).forEach((value, name) => {
      list.push(name, value);
    });
  } else if (init !== undefined) {
    for (const name of Object.keys(init)) {
      const value = (init as Record<string, string | undefined>)[name];
      if (value !== undefined) list.push(name.toLowerCase(), String(value));
    }
  }
  if (indexOfHeader(list, 'host') === -1) list.unshift('host', host);
  return list;
}

/** Where the header `name` (lower-case) is in a header list, else -1. */
function indexOfHeader(list: string[], name: string): number {
  for (let index = 0; index < list.length; index += 2)
    if (list[index] === name) return index;
  return -1;
}

/** Sets `name` (lower-case) in a header list, replacing any value given. */
function setHeader(list: string[], name: string, value: string): void {
  const index = indexOfHeader(list, name);
  if (index === -1) list.push(name, value);
  else list[index + 1] = value;
}
