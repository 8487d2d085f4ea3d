import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtures, toSseText } from './__fixtures__/index';
import { parseChatCompletionStream } from './parse-chat-completion-stream';

/**
 * A real HTTP server on 127.0.0.1:0 and a real `fetch` (Node-only: excluded
 * from the edge project, which has no `node:http`).
 */
async function serve(handler: (response: ServerResponse) => void): Promise<{
  url: string;
  closed: Promise<unknown>;
  close: () => Promise<void>;
}> {
  let resolveClosed: (value: unknown) => void = () => {};
  const closed = new Promise(resolve => {
    resolveClosed = resolve;
  });
  const server = createServer((_request, response) => {
    response.on('close', () => resolveClosed(response.writableFinished));
    handler(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    closed,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('parseChatCompletionStream', () => {
  it('should decode a fetch Response written in odd-sized pieces over a socket', async () => {
    const bytes = Buffer.from(
      toSseText(fixtures['janus-sandy'] as string[], { pingEvery: 2 }),
    );
    const server = await serve(response => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // 7-byte writes split events, lines and multibyte characters (x², …).
      let offset = 0;
      const write = () => {
        if (offset >= bytes.length) return response.end();
        response.write(bytes.subarray(offset, offset + 7));
        offset += 7;
        setImmediate(write);
      };
      write();
    });
    close = server.close;
    const parts = [];
    for await (const part of parseChatCompletionStream(await fetch(server.url)))
      parts.push(part);
    const data = parts.flatMap(part =>
      part.type === 'data' ? [part.value] : [],
    );
    expect(data).toEqual(
      (fixtures['janus-sandy'] as string[]).map(line => JSON.parse(line)),
    );
    expect(parts.at(-1)).toEqual({ type: 'done' });
  });

  it('should abort the upstream response when the consumer stops reading', async () => {
    const server = await serve(response => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const line = (fixtures['openai-usage'] as string[])[1];
      // An endless stream: only a client disconnect ends it.
      const timer = setInterval(() => response.write(`data: ${line}\n\n`), 5);
      response.on('close', () => clearInterval(timer));
    });
    close = server.close;
    for await (const part of parseChatCompletionStream(
      await fetch(server.url),
    )) {
      expect(part.type).toBe('data');
      break;
    }
    // `false`: the server never finished the response; the socket closed.
    expect(await server.closed).toBe(false);
  });

  it('should let a response whose end comes after [DONE] complete, so its connection is reused', async () => {
    const sockets = new Set<unknown>();
    let finished = 0;
    const server = await serve(response => {
      sockets.add(response.socket);
      response.on('finish', () => finished++);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${(fixtures['openai-usage'] as string[])[1]}\n\n`);
      response.write('data: [DONE]\n\n');
      // The end of the chunked body arrives a moment after [DONE], as it
      // can from any server: a cancel in between would cut the request.
      setTimeout(() => response.end(), 30);
    });
    close = server.close;
    for (let call = 0; call < 3; call++) {
      const parts = [];
      for await (const part of parseChatCompletionStream(
        await fetch(server.url),
      ))
        parts.push(part.type);
      expect(parts).toEqual(['data', 'done']);
      await vi.waitFor(() => expect(finished).toBe(call + 1));
    }
    // One keep-alive connection for the three calls.
    expect(sockets.size).toBe(1);
  });
});
