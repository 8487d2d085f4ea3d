/**
 * Test-only: an OpenAI-compatible LLM on a free 127.0.0.1 port that records
 * the body of every chat request and streams a small answer that depends on
 * it: `{"city":"Paris"}` when a `response_format` asks for JSON, else
 * `Paris`; finish reason `length`
 * when a token cap was sent, else `stop`; then usage and `[DONE]`. A
 * request whose `user` is `fail` gets a 500 instead.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the capture LLM; `url` is an OpenAI base URL (ends with `/v1`). */
export async function startCaptureLlm() {
  const requests: Record<string, unknown>[] = [];
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    if (request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    requests.push(body);
    if (body.user === 'fail') {
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"message":"the LLM is down","type":"server_error"}}');
      return;
    }
    const format = body.response_format as { type?: string } | undefined;
    const json =
      format?.type === 'json_object' || format?.type === 'json_schema';
    const capped =
      body.max_tokens !== undefined || body.max_completion_tokens !== undefined;
    const frame = (index: number, delta: object, finish: string | null) =>
      `data: ${JSON.stringify({
        id: 'chatcmpl-capture',
        object: 'chat.completion.chunk',
        created: 0,
        model: body.model,
        choices: [{ index, delta, finish_reason: finish }],
      })}\n\n`;
    const finish = capped ? 'length' : 'stop';
    const frames = [frame(0, { role: 'assistant', content: '' }, null)];
    frames.push(
      frame(0, { content: json ? '{"city":"Paris"}' : 'Paris' }, null),
    );
    frames.push(frame(0, {}, finish));
    const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
    frames.push(
      `data: ${JSON.stringify({ id: 'chatcmpl-capture', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [], usage })}\n\n`,
    );
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(`${frames.join('')}data: [DONE]\n\n`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
