import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** One request that passed through the recorder. */
export interface RecordedLlmCall {
  /** Parsed JSON body. */
  body: {
    messages?: Array<{ role: string; content: unknown }>;
    stream?: boolean;
  };
  startedAt: number;
  endedAt: number | null;
  /** The client (a competitor) closed the connection before the answer ended. */
  aborted: boolean;
}

/**
 * A transparent HTTP proxy in front of an OpenAI-compatible upstream (the
 * scripted model) that records every call and whether the caller aborted it.
 * This is how the e2e suite sees a stop in the browser reach the LLM call of
 * the competitor, end to end.
 */
export async function startLlmRecorder(options: { upstream: string }) {
  const calls: RecordedLlmCall[] = [];
  const upstreamOrigin = new URL(options.upstream).origin;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const call: RecordedLlmCall = {
      body:
        raw.length > 0 && request.method === 'POST'
          ? safeJson(raw.toString('utf8'))
          : {},
      startedAt: Date.now(),
      endedAt: null,
      aborted: false,
    };
    if (request.method === 'POST') calls.push(call);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) {
        call.aborted = true;
        abort.abort();
      }
      call.endedAt = Date.now();
    });
    try {
      const upstream = await fetch(`${upstreamOrigin}${request.url}`, {
        method: request.method,
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/json',
        },
        body: request.method === 'POST' ? raw : undefined,
        signal: abort.signal,
      });
      const headers = Object.fromEntries(upstream.headers);
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      delete headers.connection;
      response.writeHead(upstream.status, headers);
      if (upstream.body)
        Readable.fromWeb(upstream.body as never)
          .on('error', () => response.destroy())
          .pipe(response);
      else response.end();
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(text: string): RecordedLlmCall['body'] {
  try {
    return JSON.parse(text) as RecordedLlmCall['body'];
  } catch {
    return {};
  }
}
