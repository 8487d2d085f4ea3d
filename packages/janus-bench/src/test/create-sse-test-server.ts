import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test server does with one parsed request body. */
export type TestHandler = (
  body: Record<string, unknown>,
  response: ServerResponse,
  request: IncomingMessage,
) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1:0 for bench tests. @internal */
export interface SseTestServer {
  url: string;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a test server; the handler writes the response. @internal */
export async function createSseTestServer(
  handler: TestHandler,
): Promise<SseTestServer> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(
      Buffer.concat(chunks).toString('utf8') || '{}',
    ) as Record<string, unknown>;
    requests.push(body);
    await handler(body, response, request);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A base URL on 127.0.0.1 where nothing listens (connections are refused). @internal */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Options of {@link streamScript}. */
export interface StreamScript {
  /** Content pieces. */
  pieces?: string[];
  reasoning?: string[];
  toolCall?: { name: string; arguments: string };
  /** Delay before the first token (after the role chunk), ms. */
  firstTokenDelayMs?: number;
  /** Delay between pieces, ms. */
  gapMs?: number;
  /** Send the usage chunk when the request asks for it (default true). */
  usage?: boolean;
  cost?: { cost_usd?: number; sandbox_seconds?: number };
  /** After this many pieces, send an error event and `[DONE]`. */
  errorAfter?: number;
  /** After this many pieces, stop writing but keep the connection open. */
  stallAfter?: number;
  /** Keep-alive comments sent in each gap. */
  keepAlives?: number;
  /** Omit `[DONE]` and just end the response. */
  noDone?: boolean;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Writes an OpenAI-style SSE stream following `script`. @internal */
export async function streamScript(
  body: Record<string, unknown>,
  response: ServerResponse,
  script: StreamScript,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  const base = {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: String(body.model),
  };
  const send = (
    delta: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    response.write(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`,
    );
  send({ role: 'assistant' });
  if (script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
  for (const text of script.reasoning ?? []) send({ reasoning_content: text });
  const pieces = script.pieces ?? [];
  for (const [index, text] of pieces.entries()) {
    if (index > 0 && script.gapMs) {
      for (let ping = 0; ping < (script.keepAlives ?? 0); ping++)
        response.write(': ping\n\n');
      await sleep(script.gapMs);
    }
    if (script.stallAfter === index) return;
    if (script.errorAfter === index) {
      response.write(
        `data: ${JSON.stringify({ error: { message: 'boom', type: 'server_error', param: null, code: 'upstream_error' } })}\n\n`,
      );
      response.end('data: [DONE]\n\n');
      return;
    }
    send({ content: text });
  }
  if (script.toolCall) {
    send({
      tool_calls: [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: script.toolCall.name, arguments: '' },
        },
      ],
    });
    send({
      tool_calls: [
        { index: 0, function: { arguments: script.toolCall.arguments } },
      ],
    });
  }
  response.write(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: script.toolCall ? 'tool_calls' : 'stop' }] })}\n\n`,
  );
  const wantsUsage = (
    body.stream_options as { include_usage?: boolean } | undefined
  )?.include_usage;
  if (wantsUsage && script.usage !== false) {
    const completion =
      pieces.length +
      (script.reasoning?.length ?? 0) +
      (script.toolCall ? 2 : 0);
    response.write(
      `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: completion, total_tokens: completion + 5, ...script.cost } })}\n\n`,
    );
  }
  if (script.noDone) response.end();
  else response.end('data: [DONE]\n\n');
}
