import type { EventEmitter } from 'node:events';
import { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { directBodyOf } from '../internal/direct-io';
import { responseHeadOf } from '../internal/lazy-response';

/**
 * Writes a Fetch `Response` to a Node response. Headers go out at once
 * (`flushHeaders`), so an SSE client sees the stream open before the first
 * event. The body is written chunk by chunk, waiting for `drain` whenever
 * `write()` returns false, so a slow client holds back the producer instead
 * of growing the socket buffer; the next chunk is only read after that. When
 * the client goes away the body is cancelled (which aborts the upstream).
 *
 * @param options.response The Fetch response to send.
 * @param options.target The Node response to write to.
 */
export async function writeWebResponse(options: {
  response: Response;
  target: ServerResponse;
}): Promise<void> {
  const { response, target } = options;
  target.writeHead(response.status, nodeHeadersOf(response));
  // A gateway stream first: asking for `body` would build its Web stream.
  if (directBodyOf(response) !== undefined) {
    target.flushHeaders();
    if (writeDirect(response, target)) return;
  }
  if (response.body === null) {
    target.end();
    return;
  }
  target.flushHeaders();
  const reader = response.body.getReader();
  let closed = target.destroyed;
  const onClose = () => {
    closed = true;
    reader.cancel().catch(() => {});
  };
  target.once('close', onClose);
  try {
    while (!closed) {
      const { done, value } = await reader.read();
      if (done) break;
      if (closed) break;
      if (!target.write(value)) await drained(target);
    }
    if (!closed) target.end();
  } catch {
    // The body failed (or was cancelled because the client left).
    if (!target.destroyed) target.destroy();
  } finally {
    target.off('close', onClose);
    reader.releaseLock();
  }
}

/** The response's headers for `writeHead` (a lazy response's record as it is). */
function nodeHeadersOf(
  response: Response,
): Readonly<Record<string, string | string[]>> {
  const head = responseHeadOf(response);
  if (head !== undefined) return head;
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}

/**
 * A gateway stream writes its text straight to the socket (no Web streams;
 * see internal/direct-io.ts), with the same backpressure and disconnect
 * handling. Returns `false` (nothing done) for any other response.
 */
function writeDirect(response: Response, target: ServerResponse): boolean {
  const claim = directBodyOf(response);
  if (claim === undefined) return false;
  const socket = chunkedSocketOf(target);
  // Where the writes go, and where `drain` comes from.
  const emitter: EventEmitter = socket ?? target;
  let control: ReturnType<typeof claim>;
  const onDrain = () => control?.resume();
  const onClose = () => {
    emitter.off('drain', onDrain);
    if (!target.writableEnded) control?.cancel();
  };
  control = claim(
    socket
      ? {
          write: text => socket.destroyed || writeChunk(socket, text),
          end: text => {
            socket.off('drain', onDrain);
            // The last chunk and the terminator go out in one write.
            socket.cork();
            if (!socket.destroyed) writeChunk(socket, text);
            target.end();
            socket.uncork();
          },
        }
      : {
          write: text => target.write(text),
          end: text => {
            target.off('drain', onDrain);
            target.end(text);
          },
        },
  );
  if (control === undefined) return false;
  emitter.on('drain', onDrain);
  target.on('close', onClose);
  // The client may have left while the response was prepared.
  if (target.destroyed) onClose();
  return true;
}

/** Writes `text` as one HTTP chunk (nothing for empty text: that would end the body). */
function writeChunk(socket: Socket, text: string): boolean {
  return (
    text.length === 0 ||
    socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`)
  );
}

/**
 * The socket of a response whose head is out and whose body is chunked, so
 * that each piece of text can go to the socket as one framed write instead
 * of through `ServerResponse.write` (which writes the chunk size, the text
 * and CRLF as separate buffers, corks and uncorks the socket a tick later
 * and writes them with `writev`; this saves about a tenth of the gateway's
 * CPU at 200 streams, see docs/benchmarks/janus-gateway-core.md).
 * `res.end()` still writes the last chunk. Any other response (not chunked,
 * not the socket's current one, not `node:http`, or with a `write` or `end`
 * that middleware replaced) gets `undefined`.
 */
function chunkedSocketOf(target: ServerResponse): Socket | undefined {
  const socket = target.socket;
  if (
    !(target instanceof ServerResponse) ||
    // Middleware that replaced `write` or `end` (a tap, a byte counter,
    // `compression`) must see the body: it goes through them instead.
    target.write !== ServerResponse.prototype.write ||
    target.end !== ServerResponse.prototype.end ||
    !target.headersSent ||
    (target as { chunkedEncoding?: unknown }).chunkedEncoding !== true ||
    !(socket instanceof Socket) ||
    (socket as { _httpMessage?: unknown })._httpMessage !== target
  )
    return undefined;
  return socket;
}

/** Resolves on `drain` or `close`, whichever comes first, without leaking listeners. */
function drained(target: ServerResponse): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      target.off('drain', done);
      target.off('close', done);
      resolve();
    };
    target.on('drain', done);
    target.on('close', done);
  });
}
