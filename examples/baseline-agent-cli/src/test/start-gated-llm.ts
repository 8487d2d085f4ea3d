/**
 * Test-only: an OpenAI-compatible LLM on a free 127.0.0.1 port whose streamed
 * answer sends `Hello`, then waits for `release()` before ` world` and
 * `[DONE]`, so a test can act while a stream is in flight.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the gated LLM; `url` is an OpenAI base URL (ends with `/v1`). */
export async function startGatedLlm() {
  let release!: () => void;
  const released = new Promise<void>(resolve => {
    release = resolve;
  });
  const frame = (content: string, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-gated',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'gated',
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    })}\n\n`;
  const server = createServer((request, response) => {
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'gated', object: 'model', created: 0, owned_by: 'x' }],
        }),
      );
      return;
    }
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(frame('Hello'));
    void released.then(() => {
      response.end(`${frame(' world', 'stop')}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    release,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
