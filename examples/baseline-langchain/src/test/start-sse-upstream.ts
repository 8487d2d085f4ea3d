/**
 * Test-only: an upstream on a free 127.0.0.1 port that answers every request
 * `200 text/event-stream` and lets the test write the body (`respond`), so a
 * test decides exactly which bytes go out, and when. `closed` settles once a
 * client went away before the body ended (a cancel or an abort reached the
 * socket).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the upstream; `url` is its chat completions URL. */
export async function startSseUpstream(
  respond: (response: ServerResponse) => void | Promise<void>,
) {
  let gone!: () => void;
  const closed = new Promise<void>(resolve => {
    gone = resolve;
  });
  const server = createServer((request, response) => {
    request.resume();
    response.on('close', () => {
      if (!response.writableFinished) gone();
    });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.flushHeaders();
    void respond(response);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    closed,
    [Symbol.asyncDispose]: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
