import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  abortControllerFrom,
  type ClientGoneHook,
} from '../internal/direct-io';
import {
  headersFromRaw,
  REQUEST_TARGET,
  urlOfTarget,
} from '../internal/request-head';
import { createLazyRequest } from './lazy-request';
import { requestBodyStream } from './request-body-stream';

/** Bodies up to this size with a declared length are read before the `Request` is built. */
const PRE_READ_MAX_BYTES = 1024 * 1024;

/**
 * Converts a Node request into a Fetch `Request` whose `signal` aborts when
 * the client goes away: on the *response's* `close` while it is not finished
 * (`IncomingMessage` `close` fires once the body is read, not on hang-up;
 * see h3js/srvx#152). The body streams (no buffering; cancelling it drops
 * the rest without closing the socket) unless it was read
 * already (`body`, see {@link readSmallBody}); a body already parsed by
 * middleware such as `express.json()` is re-serialised. Requests without a
 * streamed body are lazy (see lazy-request.ts): the undici `Request` is only
 * built if a handler uses more than `url`, `method`, `headers` and `signal`.
 *
 * @param options.request The Node request.
 * @param options.response Its response (watched for `close`).
 * @returns The `Request` and the controller behind its signal.
 */
export function toWebRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
  /** The body, already read from `request` (see {@link readSmallBody}). */
  body?: Uint8Array;
}): { request: Request; controller: AbortController } {
  const clientGone = clientGoneHook(options.response);
  const controller = abortControllerFrom(clientGone);
  const request = toRequest({
    ...options,
    clientGone,
    signal: controller.signal,
  });
  return { request, controller };
}

/**
 * {@link toWebRequest} without its eager `AbortController`: what the Node
 * adapter uses. A lazy request makes its signal only when asked.
 *
 * @internal
 */
export function toNodeRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
  body?: Uint8Array;
}): Request {
  const clientGone = clientGoneHook(options.response);
  return toRequest({
    ...options,
    clientGone,
  });
}

/**
 * `(listener) => unsubscribe` for the response's `close` while it is
 * unfinished. Watches from now on, so a listener added after the client
 * left is still told (on the next microtask).
 */
function clientGoneHook(response: ServerResponse): ClientGoneHook {
  let gone: { reason: unknown } | undefined;
  const listeners = new Set<(reason: unknown) => void>();
  response.on('close', () => {
    if (response.writableEnded) return;
    gone = { reason: new DOMException('The client went away', 'AbortError') };
    for (const listener of listeners) listener(gone.reason);
    listeners.clear();
  });
  return listener => {
    if (gone) {
      const { reason } = gone;
      queueMicrotask(() => listener(reason));
      return () => {};
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

function toRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
  body?: Uint8Array;
  clientGone: ClientGoneHook;
  /** For a streamed body (an undici `Request` needs its signal up front). */
  signal?: AbortSignal;
}): Request {
  const { request: incoming, body, clientGone } = options;
  // `url`, not Express's `originalUrl`: under `app.use('/janus', handler)`
  // Express strips the mount path from `url`, and the gateway's routes are
  // `/v1/…` (artifact links then need `publicBaseUrl` with the prefix).
  const target = incoming.url ?? '/';
  const method = incoming.method ?? 'GET';
  if (body !== undefined || method === 'GET' || method === 'HEAD') {
    return createLazyRequest({
      head: { rawHeaders: incoming.rawHeaders, target },
      method,
      clientGone,
      body,
    });
  }
  const headers = headersFromRaw(incoming.rawHeaders);
  const url = urlOfTarget(target, headers.get('host') ?? 'localhost');
  const signal = options.signal ?? abortControllerFrom(clientGone).signal;
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  const parsed = (incoming as { body?: unknown }).body;
  if (parsed !== undefined && incoming.readableEnded) {
    init.body =
      typeof parsed === 'string'
        ? parsed
        : parsed instanceof Uint8Array
          ? new Uint8Array(parsed)
          : JSON.stringify(parsed);
    headers.delete('content-length');
  } else {
    // Cancelling it drops the rest of the body; the socket stays usable.
    init.body = requestBodyStream(incoming);
    init.duplex = 'half';
  }
  const request = new Request(url, init);
  // The gateway routes on the target as sent, not on the normalised `url`.
  (request as { [REQUEST_TARGET]?: string })[REQUEST_TARGET] = target;
  return request;
}

/**
 * Reads a small request body (declared `content-length` up to 1 MiB, not
 * yet consumed by middleware) into memory, which costs far less than
 * streaming it through Web streams; `undefined` for any other request (it is
 * streamed). Rejects when the client goes away before the body is complete.
 */
export async function readSmallBody(
  incoming: IncomingMessage,
): Promise<Uint8Array | undefined> {
  const method = incoming.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return undefined;
  const declared = Number(incoming.headers['content-length']);
  if (
    !Number.isSafeInteger(declared) ||
    declared > PRE_READ_MAX_BYTES ||
    incoming.readableEnded ||
    (incoming as { body?: unknown }).body !== undefined
  )
    return undefined;
  // Usually the body came in the same packet as the headers: once the
  // parser has pushed it all (the message may not be marked complete yet),
  // take it from the buffer at once. A body with a declared length cannot
  // be longer: the parser ends the message at `content-length` bytes.
  await Promise.resolve();
  if (incoming.readableLength === declared) {
    const buffered = declared === 0 ? Buffer.alloc(0) : incoming.read();
    if (buffered instanceof Uint8Array && buffered.byteLength === declared) {
      // Lets the stream emit 'end' (the server needs it for keep-alive).
      incoming.resume();
      return buffered;
    }
    if (buffered !== null) incoming.unshift(buffered);
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error?: Error) => {
      cleanup();
      reject(error ?? new Error('The client went away'));
    };
    const onClose = () => onError();
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
    incoming.once('close', onClose);
  });
}
