import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A synthetic competitor: answers every chat request with `chunks` SSE
 * events `paceMs` apart (0 = as fast as the socket takes them), each carrying
 * its send time (`bench_t`) and the time the request arrived
 * (`bench_request_t`), both wall-clock ms with sub-ms resolution
 * (`performance.timeOrigin + performance.now()`), so the client can split
 * latency into the way there and the way back.
 */
export async function startSyntheticCompetitor(): Promise<{
  url: string;
  server: Server;
  close(): Promise<void>;
}> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (text: string) => {
      body += text;
    });
    request.on('end', () => {
      const arrivedAt = performance.timeOrigin + performance.now();
      if (request.url === '/health') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok"}');
        return;
      }
      const { chunks = 20, pace_ms: paceMs = 0 } = JSON.parse(body).bench ?? {};
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
      });
      response.flushHeaders();
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const frame = () =>
        `data: {"id":"b","object":"chat.completion.chunk","created":1,"model":"bench","bench_t":${performance.timeOrigin + performance.now()},"bench_request_t":${arrivedAt},"choices":[{"index":0,"delta":{"content":"token "},"finish_reason":null}]}\n\n`;
      const next = () => {
        if (response.destroyed) return;
        if (sent === chunks) {
          response.end('data: [DONE]\n\n');
          return;
        }
        sent++;
        const writable = response.write(frame());
        if (paceMs > 0) timer = setTimeout(next, paceMs);
        else if (writable) setImmediate(next);
        else response.once('drain', next);
      };
      response.on('close', () => clearTimeout(timer));
      if (paceMs > 0) timer = setTimeout(next, paceMs);
      else next();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
