import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { discardRequestBody } from './request-body-stream';

/** Longest wait for more of the unread body before the socket is closed. */
const LINGER_IDLE_MS = 5_000;
/** Longest the socket stays open for the unread body after the answer. */
const LINGER_MAX_MS = 30_000;

/**
 * For an answer sent before the request body was read (a 413 for a body
 * over `maxBodyBytes`, a 401 before the body): sends `connection: close`,
 * so a keep-alive client does not reuse a connection still carrying the
 * rest of that body, and closes it the way RFC 9112 §9.6 asks: our side
 * first (after the answer), then reading and dropping what the client still
 * sends until it has sent it all (at most 5 s without data, 30 s in all),
 * and only then the socket. Closing with unread bytes makes the kernel send
 * a reset, which can destroy the answer before the client reads it (it saw
 * ECONNRESET or EPIPE instead of the 413).
 *
 * Node closes a `connection: close` response's socket with `destroySoon()`
 * once the answer is out; this one socket's `destroySoon` is replaced to
 * linger first.
 *
 * @internal
 */
export function closeAfterResponse(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): void {
  outgoing.setHeader('connection', 'close');
  discardRequestBody(incoming);
  const socket = outgoing.socket;
  if (socket === null) return;
  socket.destroySoon = () => lingeringClose(socket, incoming);
}

function lingeringClose(socket: Socket, incoming: IncomingMessage): void {
  // Back to Node's own: end, then destroy once our writes are out.
  delete (socket as Partial<Pick<Socket, 'destroySoon'>>).destroySoon;
  socket.end();
  if (incoming.complete || incoming.destroyed) {
    socket.destroySoon();
    return;
  }
  const startedAt = Date.now();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    incoming.off('data', onData);
    socket.destroySoon();
  };
  const onData = () => {
    if (Date.now() - startedAt >= LINGER_MAX_MS) close();
    else timer.refresh();
  };
  const timer = setTimeout(close, LINGER_IDLE_MS);
  timer.unref();
  incoming.on('data', onData);
  incoming.once('end', close);
  incoming.once('close', close);
}
