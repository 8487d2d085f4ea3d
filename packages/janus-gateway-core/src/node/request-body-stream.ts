import type { IncomingMessage } from 'node:http';

/** Drops the rest of a body, by request. */
const discarders = new WeakMap<IncomingMessage, () => void>();

/**
 * A Node request's body as a Web byte stream that reads from the socket only
 * while the queue has room (64 KiB).
 *
 * Unlike `Readable.toWeb`, cancelling it (the gateway refusing a body over
 * `maxBodyBytes`) does not destroy the socket: that dropped the connection
 * under the answer, so the client could see a reset instead of the 413, and
 * a keep-alive client reused a dead socket. The rest of the body is read and
 * dropped instead, and the Node adapter closes the connection cleanly after
 * its answer (see `closeAfterResponse` in create-node-handler.ts).
 *
 * @internal
 */
export function requestBodyStream(
  incoming: IncomingMessage,
): ReadableStream<Uint8Array> {
  let settled = false;
  const discard = () => {
    settled = true;
    incoming.resume();
  };
  discarders.set(incoming, discard);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        const fail = (error?: Error) => {
          if (settled) return;
          settled = true;
          controller.error(error ?? new Error('The client went away'));
        };
        incoming.once('error', fail);
        // `close` after `end` is the normal finish; before it, a hang-up.
        incoming.once('close', () => fail());
      },
      pull() {
        incoming.resume();
      },
      cancel: discard,
    },
    { highWaterMark: 64 * 1024, size: chunk => chunk.byteLength },
  );
}

/**
 * Reads and drops what is left of a request body (nothing is buffered), for
 * a request answered before its body was read.
 *
 * @internal
 */
export function discardRequestBody(incoming: IncomingMessage): void {
  const discard = discarders.get(incoming);
  if (discard) discard();
  else incoming.resume();
}
