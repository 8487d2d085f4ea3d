import type { IncomingMessage } from 'node:http';
import { type Duplex, pipeline, type Readable } from 'node:stream';
import {
  createBrotliDecompress,
  createGunzip,
  constants as zlib,
} from 'node:zlib';
import {
  PUSH_SOURCE,
  type PushSource,
  type PushSourceClaim,
} from '../internal/direct-io';
import { createLazyResponse, withUrl } from '../internal/lazy-response';
import { headersFromRaw, rawHeaderValue } from '../internal/request-head';
import { DeflateDecoder } from './deflate-decoder';

/** Whether the request was aborted, and why (an `AbortSignal` is one). */
export interface AbortState {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** Statuses whose response never has a body (Fetch would refuse one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps a Node client response as a Fetch `Response` (rebuilt headers, a
 * backpressured byte stream as the body; none for HEAD, 204, 205, 304). The
 * body is lazy: nothing is read until it is read, and the gateway's stream
 * proxy may instead take the `IncomingMessage` itself through
 * {@link PUSH_SOURCE} (see internal/direct-io.ts). A body compressed with
 * gzip, deflate or br (which a competitor may send even though it was asked
 * for `identity`) is decompressed and loses its `content-encoding` and
 * `content-length`, as the global `fetch` does; without this the proxy
 * would parse compressed bytes as SSE text.
 *
 * @param options.incoming The Node response.
 * @param options.head The request was `HEAD`.
 * @param options.abort Once aborted, its reason becomes the body's error (an
 *   `AbortSignal` will do).
 * @internal
 */
export function toFetchResponse(options: {
  incoming: IncomingMessage;
  head: boolean;
  abort?: AbortState;
  /** The request's URL, without a fragment (`response.url`). */
  url?: string;
}): Response {
  const { incoming, head, abort, url = '' } = options;
  const raw = incoming.rawHeaders;
  const status = incoming.statusCode ?? 0;
  const statusText = incoming.statusMessage;
  if (head || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
    return withUrl(
      new Response(null, {
        status,
        statusText,
        headers: headersFromRaw(raw),
      }),
      url,
    );
  }
  const coding = rawHeaderValue(raw, 'content-encoding');
  const body = coding === null ? incoming : decoded(incoming, coding);
  // Decompressed: the body no longer has that coding or length.
  let headers: Headers | undefined;
  if (body !== incoming) {
    headers = headersFromRaw(raw);
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  // Always listened to: an unhandled 'error' would crash the process while
  // neither reader exists yet (each adds its own listener when it starts).
  body.on('error', ignore);
  // Whoever reads first owns the body: the Web stream or a push source.
  let owner: 'web' | 'push' | undefined;
  const claimWeb = () => {
    if (owner === 'push') return false;
    owner = 'web';
    return true;
  };
  // The Web body is made only if somebody asks for it (lazy-response.ts):
  // the gateway's stream proxy takes the message itself instead.
  const response = createLazyResponse({
    status,
    statusText,
    headers: headers ?? { raw },
    body: () => toBodyStream(body, abort, claimWeb),
    url,
  });
  const claimPush: PushSourceClaim = () => {
    if (owner !== undefined || response.bodyUsed) return undefined;
    owner = 'push';
    return incomingSource(body, abort);
  };
  return Object.assign(response, { [PUSH_SOURCE]: claimPush });
}

function ignore(): void {}

/**
 * The message, or a decompressor fed from it when `coding` is a single gzip,
 * deflate or br coding (anything else is passed on as it is). The pipeline
 * carries a failure of either side to the other.
 */
function decoded(incoming: IncomingMessage, coding: string): Readable {
  // Lenient, as browsers are: a truncated body still yields what arrived.
  const flush = { finishFlush: zlib.Z_SYNC_FLUSH };
  let decompressor: Duplex;
  switch (coding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      decompressor = createGunzip(flush);
      break;
    case 'deflate':
      // With or without the zlib wrapper, as browsers and undici take it.
      decompressor = new DeflateDecoder(flush);
      break;
    case 'br':
      decompressor = createBrotliDecompress({
        finishFlush: zlib.BROTLI_OPERATION_FLUSH,
      });
      break;
    default:
      return incoming;
  }
  return pipeline(incoming, decompressor, () => {});
}

/** Marks a `close` before the end (the error is only made if it is reported). */
const CLOSED = Symbol('closed');

/** The body's failure: the abort reason, or `TypeError('terminated')` as the global `fetch` reports a lost connection. */
function bodyError(abort: AbortState | undefined, cause: unknown): unknown {
  if (abort?.aborted) return abort.reason;
  return new TypeError('terminated', {
    cause: cause === CLOSED ? new Error('other side closed') : cause,
  });
}

/**
 * The body as a byte stream that reads from the socket only while a read is
 * waiting, so a consumer that stops reading stops the upstream.
 */
function toBodyStream(
  incoming: Readable,
  abort: AbortState | undefined,
  claim: () => boolean,
): ReadableStream<Uint8Array> {
  let settled = false;
  let flowing = false;
  // A failure before anyone read: reported to the first read.
  let failure: { cause: unknown } | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (cause: unknown) => {
          if (settled) return;
          settled = true;
          // Unread (a push source took the message): nothing to report.
          if (flowing) controller.error(bodyError(abort, cause));
          else failure = { cause };
        };
        incoming.on('error', fail);
        incoming.on('close', () => fail(CLOSED));
        // Made late (lazily): the message may have failed or closed already.
        if (incoming.errored) fail(incoming.errored);
        else if (incoming.destroyed && !incoming.readableEnded) fail(CLOSED);
      },
      pull(controller) {
        if (flowing) {
          incoming.resume();
          return;
        }
        if (!claim()) return;
        if (failure !== undefined) {
          controller.error(bodyError(abort, failure.cause));
          return;
        }
        if (settled) return;
        flowing = true;
        incoming.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.on('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        incoming.resume();
      },
      cancel() {
        settled = true;
        incoming.destroy();
      },
    },
    // 0: nothing flows before a read (a push source may take the message).
    { highWaterMark: 0, size: chunk => chunk.byteLength },
  );
}

/** The message itself as a {@link PushSource} (UTF-8 text chunks). */
function incomingSource(
  incoming: Readable,
  abort: AbortState | undefined,
): PushSource {
  let settled = false;
  return {
    start(handlers) {
      const fail = (cause: unknown) => {
        if (settled) return;
        settled = true;
        handlers.error(bodyError(abort, cause));
      };
      incoming.setEncoding('utf8');
      // `on`, not `once`, for 'end' and 'close' here and on the rest of the
      // stream path: each comes once anyway, and `once` keeps a wrapper and
      // its state alive per open stream (docs/gateway.md, "The tail").
      incoming.on('data', (text: string) => {
        if (!settled) handlers.data(text);
      });
      incoming.on('end', () => {
        if (settled) return;
        settled = true;
        handlers.end();
      });
      incoming.on('error', fail);
      incoming.on('close', () => fail(CLOSED));
      incoming.resume();
    },
    pause() {
      incoming.pause();
    },
    resume() {
      incoming.resume();
    },
    cancel() {
      if (settled) return;
      settled = true;
      incoming.destroy();
    },
  };
}
