import type { IncomingMessage } from 'node:http';

/** Statuses whose response never has a body (Fetch would refuse one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps a Node client response as a Fetch `Response` (rebuilt headers, a
 * backpressured byte stream as the body; none for HEAD, 204, 205, 304).
 *
 * @param options.incoming The Node response.
 * @param options.head The request was `HEAD`.
 * @param options.signal Its abort reason becomes the body's error.
 * @internal
 */
export function toFetchResponse(options: {
  incoming: IncomingMessage;
  head: boolean;
  signal?: AbortSignal;
}): Response {
  const { incoming, head, signal } = options;
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2)
    headers.append(raw[index]!, raw[index + 1]!);
  const status = incoming.statusCode ?? 0;
  const empty = head || NULL_BODY_STATUSES.has(status);
  if (empty) incoming.resume();
  return new Response(empty ? null : toBodyStream(incoming, signal), {
    status,
    statusText: incoming.statusMessage,
    headers,
  });
}

/**
 * The body as a byte stream that reads from the socket only while its queue
 * (16 KiB) has room, so a consumer that stops reading stops the upstream.
 * A connection lost mid-body errors it with `TypeError('terminated')`, an
 * abort with the signal's reason (as the global `fetch` does).
 */
function toBodyStream(
  incoming: IncomingMessage,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        const fail = (cause?: unknown) => {
          if (settled) return;
          settled = true;
          controller.error(
            signal?.aborted
              ? signal.reason
              : new TypeError('terminated', { cause }),
          );
        };
        incoming.once('error', fail);
        incoming.once('close', () => fail(new Error('other side closed')));
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        settled = true;
        incoming.destroy();
      },
    },
    { highWaterMark: 16 * 1024, size: chunk => chunk.byteLength },
  );
}
